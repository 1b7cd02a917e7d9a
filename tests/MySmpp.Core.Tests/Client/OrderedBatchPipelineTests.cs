using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using MySmpp.Client;
using MySmpp.Errors;
using MySmpp.Sending;
using Xunit;

namespace MySmpp.Core.Tests.Client;

/// <summary>
/// The in-order batch skeleton shared by <see cref="StateQuery"/> and <see cref="SmsSendOperation"/>, driven by hand:
/// each batch's request is a task the test completes when it likes.
/// </summary>
public sealed class OrderedBatchPipelineTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public void Results_leave_in_input_order_whatever_order_the_batches_complete_in()
    {
        using var run = new Run(maxConcurrency: 4);
        run.Add("a");
        run.AddReady("ready-1");
        run.Add("b");
        run.SendFilling();
        run.Add("c");
        run.AddReady("ready-2");
        run.SendFilling();

        // The second batch answers first: nothing may overtake the head, which waits on the first.
        run.Answer(1);
        Assert.Empty(run.Pipeline.TakeCompleted());

        run.Answer(0);
        Assert.Equal(new[] { "a!", "ready-1", "b!", "c!", "ready-2" }, run.Pipeline.TakeCompleted().ToArray());
        Assert.Equal(0, run.Pipeline.Pending);
        Assert.Equal(2, run.Statistics.Batches);
    }

    [Fact]
    public void A_ready_slot_at_the_head_leaves_at_once_and_TakeCompleted_stops_at_the_first_open_batch()
    {
        using var run = new Run(maxConcurrency: 4);
        run.AddReady("ready");
        run.Add("a");
        run.SendFilling();

        Assert.Equal(new[] { "ready" }, run.Pipeline.TakeCompleted().ToArray());
        Assert.Equal(1, run.Pipeline.Pending);
    }

    [Fact]
    public async Task Finish_sends_the_filling_batch_and_waits_for_every_result()
    {
        using var run = new Run(maxConcurrency: 4);
        run.Add("a");
        run.Add("b");

        Task<string[]> finish = Task.Run(() => run.Pipeline.Finish().ToArray());
        Assert.True(SpinWait.SpinUntil(() => run.Sent.Count == 1, Bound), "Finish did not send the filling batch");
        await Task.Delay(50);
        Assert.False(finish.IsCompleted);

        run.Answer(0);
        Assert.Equal(new[] { "a!", "b!" }, await finish.WaitAsync(Bound));
        Assert.True(run.Pipeline.IsFinished);
    }

    [Fact]
    public async Task Sending_blocks_while_MaxConcurrency_requests_are_in_flight()
    {
        using var run = new Run(maxConcurrency: 1);
        run.Add("a");
        run.SendFilling();
        run.Add("b");

        Task second = Task.Run(run.SendFilling);
        await Task.Delay(200);
        Assert.False(second.IsCompleted, "a second request went out while the first was in flight");
        Assert.Single(run.Sent);

        run.Answer(0);
        await second.WaitAsync(Bound);
        Assert.Equal(2, run.Sent.Count);
    }

    [Fact]
    public void Every_batch_is_handed_out_once_after_its_last_slot()
    {
        using var run = new Run(maxConcurrency: 4);
        run.Add("a");
        run.Add("b");
        run.SendFilling();
        run.Answer(0);

        IEnumerator<string> results = run.Pipeline.TakeCompleted().GetEnumerator();
        Assert.True(results.MoveNext());
        Assert.Empty(run.HandedOut);
        Assert.True(results.MoveNext());
        Assert.False(results.MoveNext());
        Assert.Equal(new[] { 0 }, run.HandedOut);
    }

    [Fact]
    public void After_a_session_fatal_answer_later_batches_are_abandoned_with_it_not_sent()
    {
        using var run = new Run(maxConcurrency: 4);
        run.Add("a");
        run.SendFilling();
        run.Answer(0, fatal: new MySmppAccountLockedException("locked in the test"));

        run.Add("b");
        run.SendFilling();
        run.Add("c");

        Assert.Equal(new[] { "a!", "b: not sent (locked in the test)", "c: not sent (locked in the test)" }, run.Pipeline.Finish().ToArray());
        Assert.Single(run.Sent);
        Assert.IsType<MySmppAccountLockedException>(run.Pipeline.StopReason);
    }

    [Fact]
    public void Stop_lets_requests_in_flight_finish_and_abandons_the_rest()
    {
        using var run = new Run(maxConcurrency: 4, mode: PipelineStopMode.Drain);
        run.Add("a");
        run.SendFilling();
        run.Add("b");

        run.Pipeline.Stop(new MySmppStoppedException("stopped in the test"));
        run.Answer(0);

        Assert.Equal(new[] { "a!", "b: not sent (stopped in the test)" }, run.Pipeline.Finish().ToArray());
        Assert.Single(run.Sent);
    }

    [Fact]
    public async Task In_drain_mode_a_cancel_still_hands_out_every_slot()
    {
        using var session = new CancellationTokenSource();
        using var run = new Run(maxConcurrency: 1, session: session.Token, mode: PipelineStopMode.Drain);
        run.Add("a");
        run.SendFilling();
        run.Add("b");
        Task<string[]> finish = Task.Run(() => run.Pipeline.Finish().ToArray());
        await Task.Delay(100);

        session.Cancel();
        run.Answer(0); // the owner settles its aborted request by itself

        string[] results = await finish.WaitAsync(Bound);
        Assert.Equal("a!", results[0]);
        Assert.StartsWith("b: not sent (The session was disconnected in the test.", results[1], StringComparison.Ordinal);
        Assert.IsType<MySmppDisconnectedException>(run.Pipeline.StopReason);
        run.Pipeline.ThrowIfStopped(); // never throws in drain mode
    }

    [Fact]
    public async Task Cancel_stops_Finish_with_OperationCanceledException()
    {
        using var run = new Run(maxConcurrency: 4);
        run.Add("a");
        Task<string[]> finish = Task.Run(() => run.Pipeline.Finish().ToArray());
        Assert.True(SpinWait.SpinUntil(() => run.Sent.Count == 1, Bound));

        run.Pipeline.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => finish.WaitAsync(Bound));
        Assert.Throws<OperationCanceledException>(run.Pipeline.ThrowIfStopped);
    }

    [Fact]
    public async Task A_stop_while_waiting_to_send_leaves_Finish_reporting_the_stop_not_a_lost_batch()
    {
        using var run = new Run(maxConcurrency: 1);
        run.Add("a");
        run.SendFilling();
        run.Add("b");

        // The second batch waits for room; Ctrl+C arrives meanwhile.
        Task second = Task.Run(run.SendFilling);
        await Task.Delay(100);
        run.Pipeline.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(Bound));

        // The first batch's answer still comes; a caller that then asks for the rest hears about the stop and
        // nothing more is sent (before, the unsent batch was waited on and gave a NullReferenceException).
        run.Answer(0);
        Assert.ThrowsAny<OperationCanceledException>(() => run.Pipeline.Finish().ToArray());
        Assert.Single(run.Sent);
    }

    [Fact]
    public void A_disconnected_session_is_MySmppDisconnectedException_unless_the_caller_cancelled_too()
    {
        using var caller = new CancellationTokenSource();
        using var session = new CancellationTokenSource();
        using var run = new Run(maxConcurrency: 4, caller.Token, session.Token);

        session.Cancel();
        var disconnected = Assert.Throws<MySmppDisconnectedException>(run.Pipeline.ThrowIfStopped);
        Assert.Contains("disconnected in the test", disconnected.Message, StringComparison.Ordinal);

        caller.Cancel();
        Assert.Throws<OperationCanceledException>(run.Pipeline.ThrowIfStopped);
    }

    [Fact]
    public void Dispose_cancels_what_is_in_flight_and_Cancel_after_it_is_harmless()
    {
        var run = new Run(maxConcurrency: 4);
        run.Add("a");
        run.SendFilling();
        CancellationToken token = run.Pipeline.Token;

        run.Dispose();

        Assert.True(token.IsCancellationRequested);
        Assert.True(run.Pipeline.IsFinished);
        run.Pipeline.Cancel();
        run.Pipeline.Dispose();
    }

    private sealed class Run : IDisposable
    {
        private readonly List<TaskCompletionSource<string[]>> _answers = new();

        public Run(int maxConcurrency, CancellationToken caller = default, CancellationToken session = default, PipelineStopMode mode = PipelineStopMode.Throw)
        {
            Pipeline = new OrderedBatchPipeline<TestBatch, TestSlot, string>(
                new Owner(this),
                mode,
                maxConcurrency,
                Statistics,
                caller,
                session,
                "The session was disconnected in the test.");
        }

        public QueryStatistics Statistics { get; } = new();

        public OrderedBatchPipeline<TestBatch, TestSlot, string> Pipeline { get; }

        public List<TestBatch> Sent { get; } = new();

        public List<int> HandedOut { get; } = new();

        public void Add(string item)
        {
            TestBatch batch = Pipeline.Filling;
            batch.Items.Add(item);
            Pipeline.Enqueue(new TestSlot(batch, batch.Items.Count - 1));
        }

        public void AddReady(string result) => Pipeline.Enqueue(new TestSlot(result));

        public void SendFilling() => Pipeline.SendFilling();

        // Answers batch number n: each item comes back with "!"; a fatal error rides along when given.
        public void Answer(int n, MySmppException? fatal = null)
        {
            TestBatch batch;
            lock (Sent) batch = Sent[n];
            TaskCompletionSource<string[]> answer;
            lock (_answers) answer = _answers[n];
            batch.Fatal = fatal;
            answer.SetResult(batch.Items.Select(i => i + "!").ToArray());
            Assert.True(SpinWait.SpinUntil(() => batch.IsCompleted, Bound));
        }

        public void Dispose() => Pipeline.Dispose();

        private sealed class Owner : IBatchOwner<TestBatch>
        {
            private readonly Run _run;

            public Owner(Run run)
            {
                _run = run;
            }

            public TestBatch NewBatch() => new TestBatch(_run.Sent.Count);

            public void Send(TestBatch batch)
            {
                var answer = new TaskCompletionSource<string[]>(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (_run._answers) _run._answers.Add(answer);
                batch.Outcome = answer.Task;
                lock (_run.Sent) _run.Sent.Add(batch);
            }

            public void Abandon(TestBatch batch, MySmppException reason) =>
                batch.Outcome = Task.FromResult(batch.Items.Select(i => i + ": not sent (" + reason.Message + ")").ToArray());

            public void HandedOut(TestBatch batch) => _run.HandedOut.Add(batch.Number);
        }
    }

    internal sealed class TestBatch : OrderedBatch
    {
        private Task<string[]>? _outcome;

        public TestBatch(int number)
        {
            Number = number;
        }

        public int Number { get; }

        public List<string> Items { get; } = new();

        public MySmppException? Fatal { get; set; }

        public override MySmppException? SessionFatalError => Fatal;

        public Task<string[]>? Outcome
        {
            get => _outcome;
            set
            {
                _outcome = value;
                Request = value;
            }
        }
    }

    internal readonly struct TestSlot : IOrderedSlot<TestBatch, string>
    {
        private readonly string? _ready;
        private readonly int _index;

        public TestSlot(string ready)
        {
            _ready = ready;
            Batch = null;
            _index = 0;
        }

        public TestSlot(TestBatch batch, int index)
        {
            _ready = null;
            Batch = batch;
            _index = index;
        }

        public TestBatch? Batch { get; }

        public string Take() => _ready ?? Batch!.Outcome!.GetAwaiter().GetResult()[_index];
    }
}
