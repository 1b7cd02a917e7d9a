namespace MySmpp.Emulator;

/// <summary>The built-in accounts and messages, chosen so the documents' examples work verbatim.</summary>
internal static class DemoData
{
    /// <summary>Adds the demo accounts and messages to <paramref name="seed"/>.</summary>
    public static void AddTo(EmulatorSeed seed)
    {
        seed.AddAccount(new EmulatorAccount("login", "password", "token"));
        seed.AddAccount(new EmulatorAccount("locked", "password", "locked-token", locked: true));

        // The default epoch is 2021-04-26 15:20:00, so -297 s is the documents' 15:15:03.
        seed.AddMessage(new EmulatorMessage(82216, [new MessageStep(-1200, "send"), new MessageStep(-297, "deliver", sms: "deliver")], 1, 10.6m));

        // One message per documented status, plus channel combinations and an undocumented status.
        seed.AddMessage(EmulatorMessage.Fixed(82217, "send", sms: "send", price: 10.6m, afterSeconds: -600));
        seed.AddMessage(EmulatorMessage.Fixed(82218, "not_deliver", sms: "not_deliver", price: 10.6m, afterSeconds: -540));
        seed.AddMessage(EmulatorMessage.Fixed(82219, "expired", sms: "expired", parts: 2, price: 10.6m, afterSeconds: -480));
        seed.AddMessage(EmulatorMessage.Fixed(82220, "read", sms: "deliver", viber: "read", price: 2.5m, afterSeconds: -420));
        seed.AddMessage(EmulatorMessage.Fixed(82221, "partly_deliver", sms: "partly_deliver", parts: 3, price: 10.6m, afterSeconds: -360));
        seed.AddMessage(EmulatorMessage.Fixed(82222, "queued", sms: "queued", price: 10.6m, afterSeconds: -300));
        seed.AddMessage(EmulatorMessage.Fixed(82223, "deliver", viber: "deliver", price: 2.5m, afterSeconds: -240));
        seed.AddMessage(EmulatorMessage.Fixed(82224, "deliver", sms: "deliver", viber: "not_deliver", price: 10.6m, afterSeconds: -180));
        seed.AddMessage(EmulatorMessage.Fixed(82225, "read", viber: "read", price: 2.5m, afterSeconds: -120));

        // 1001..1010 start as "send" and settle 5, 11, ... 59 simulated seconds after start.
        for (int k = 1; k <= 10; k++)
        {
            long id = 1000 + k;
            int settle = 5 + (6 * (k - 1));
            MessageStep[] steps = ((k - 1) % 4) switch
            {
                0 => [new(0, "send"), new(settle, "not_deliver")],
                1 => [new(0, "send"), new(settle, "deliver")],
                2 => [new(0, "send", viber: "send"), new(settle / 2.0, "deliver", viber: "deliver"), new(settle, "read", viber: "read")],
                _ => [new(0, "send"), new(settle, "expired")],
            };
            seed.AddMessage(new EmulatorMessage(id, steps, 1 + (k % 2), 3.25m));
        }

        // Tonight's campaign, waiting in every account's scheduler (EmulatorPlatform) until its send time.
        for (int i = 0; i < EmulatorPlatform.ScheduledDemoCount; i++)
        {
            double at = EmulatorPlatform.ScheduledDemoAfterSeconds;
            seed.AddMessage(new EmulatorMessage(EmulatorPlatform.FirstScheduledId + i, [new(-1800, "send"), new(at + 5 + i, "deliver")], 1, 1.25m));
        }
    }
}
