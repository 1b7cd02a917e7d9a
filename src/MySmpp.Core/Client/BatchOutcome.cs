using System.Collections.Generic;

namespace MySmpp.Client
{
    /// <summary>
    /// What became of one batch: a state or an error per id. An id the answer did not mention becomes
    /// <see cref="MySmppIdNotFoundException"/> when it is looked up, so nothing is ever dropped.
    /// </summary>
    internal sealed class BatchOutcome
    {
        private readonly Dictionary<long, SmsState> _states;
        private Dictionary<long, MySmppException>? _errors;

        public BatchOutcome(int capacity)
        {
            _states = new Dictionary<long, SmsState>(capacity);
        }

        /// <summary>The first error that makes the whole session unusable, if any.</summary>
        public MySmppException? SessionFatalError { get; private set; }

        public void AddState(SmsState state) => _states[state.Id] = state;

        public void Fail(IReadOnlyList<long> ids, MySmppException error)
        {
            _errors ??= new Dictionary<long, MySmppException>();
            foreach (long id in ids)
            {
                _states.Remove(id);
                _errors[id] = error;
            }

            if (error.IsSessionFatal && SessionFatalError == null) SessionFatalError = error;
        }

        public SmsStateResult Get(long id)
        {
            if (_states.TryGetValue(id, out SmsState? state)) return new SmsStateResult(state);
            if (_errors != null && _errors.TryGetValue(id, out MySmppException? error)) return new SmsStateResult(id, error);
            return new SmsStateResult(id, new MySmppIdNotFoundException(
                "The gateway did not report message id " + id + " (unknown to this account, or not sent).", new[] { id }));
        }
    }
}
