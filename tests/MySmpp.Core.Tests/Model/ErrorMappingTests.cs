using System;
using MySmpp.Client;
using Xunit;

namespace MySmpp.Core.Tests.Model
{
    /// <summary>spec/README item 8: documented error texts map to typed errors.</summary>
    public class ErrorMappingTests
    {
        private static readonly long[] Ids = { 1, 2 };

        [Theory]
        [InlineData("Incorrect login or password", typeof(MySmppAuthenticationException), "MySmpp.AuthenticationFailed", true)]
        [InlineData("Your account is locked", typeof(MySmppAccountLockedException), "MySmpp.AccountLocked", true)]
        [InlineData("Incorrect XML document format", typeof(MySmppProtocolException), "MySmpp.Protocol", false)]
        [InlineData("Incorrect JSON document format", typeof(MySmppProtocolException), "MySmpp.Protocol", false)]
        [InlineData("POST data is missing", typeof(MySmppProtocolException), "MySmpp.Protocol", false)]
        [InlineData("Balance is negative", typeof(MySmppApiException), "MySmpp.ApiError", false)]
        public void Documented_texts_map_to_typed_errors(string text, Type type, string errorId, bool fatal)
        {
            MySmppException error = ServerErrorText.ToException(text, Ids, 400);

            Assert.IsType(type, error);
            Assert.Equal(errorId, error.ErrorId);
            Assert.Equal(fatal, error.IsSessionFatal);
            Assert.False(error.IsTransient);
            Assert.Equal(Ids, error.Ids);
            Assert.Equal(400, error.HttpStatusCode);
            Assert.Equal(text, error.ServerMessage);
            Assert.Contains(text, error.Message);
        }

        [Fact]
        public void Format_errors_ask_for_a_split()
        {
            var error = Assert.IsType<MySmppProtocolException>(ServerErrorText.ToException("Incorrect JSON document format", Ids, 400));
            Assert.True(error.RequestRejected);
        }

        [Fact]
        public void Transport_timeouts_have_their_own_error_id()
        {
            Assert.Equal("MySmpp.Timeout", new MySmppTransportException("t", isTimeout: true).ErrorId);
            Assert.Equal("MySmpp.Transport", new MySmppTransportException("t").ErrorId);
        }
    }
}
