using MySmpp.Model;
using MySmpp.Protocol;
using Xunit;

namespace MySmpp.Core.Tests.Codecs;

/// <summary>
/// The codecs give each state the subtype of its shape: the module's format file picks an 80-column
/// table per shape by that type name (MySmpp.Format.ps1xml), without wrapping each state.
/// </summary>
public class StateShapeTests
{
    [Fact]
    public void Json_without_detail_is_a_plain_SmsState()
    {
        StateResponse response = CodecHarness.Read(MySmppProtocol.Json, """[{"id_sms":82216,"state":"deliver","time_change_state":"2021-04-26 15:15:03"}]""");
        Assert.Equal(typeof(SmsState), Assert.Single(response.States).GetType());
    }

    [Fact]
    public void Json_with_parts_or_price_is_the_Detail_shape()
    {
        StateResponse response = CodecHarness.Read(MySmppProtocol.Json, """[{"id_sms":82216,"state":"deliver","time_change_state":"2021-04-26 15:15:03","num_parts":1,"price":10.6}]""");
        SmsState state = Assert.Single(response.States);
        Assert.Equal("MySmpp.Model.SmsState+Detail", state.GetType().FullName);
        Assert.Equal(10.6m, state.TotalCost);
    }

    [Fact]
    public void Xml_is_the_Channels_shape()
    {
        StateResponse response = CodecHarness.Read(MySmppProtocol.Xml, """<response><state id_sms="82220" time="2021-04-26 15:13:00" sms="deliver" viber="read">read</state></response>""");
        SmsState state = Assert.Single(response.States);
        Assert.Equal("MySmpp.Model.SmsState+Channels", state.GetType().FullName);
        Assert.Equal(SmsStatus.Read, state.ViberStatus);
    }
}
