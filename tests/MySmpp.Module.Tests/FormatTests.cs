using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using System.Xml.Linq;
using MySmpp.Emulator;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>The format file: every view names real types and properties, and the default views fit an 80-column console.</summary>
[Collection(ModuleCollection.Name)]
public sealed class FormatTests
{
    private const int ConsoleWidth = 80;
    private readonly ModuleFixture _module;

    public FormatTests(ModuleFixture module) => _module = module;

    private IEnumerable<XElement> Views => XDocument.Load(Path.Combine(_module.ModuleDir, "MySmpp.Format.ps1xml")).Root!.Element("ViewDefinitions")!.Elements("View");

    private static string TypeOf(XElement view) => view.Element("ViewSelectedBy")!.Element("TypeName")!.Value.Trim();

    /// <summary>The lines PowerShell renders for <paramref name="script"/> at 80 columns, without blank ones.</summary>
    private static List<string> Render(Shell shell, string script)
    {
        string text = string.Concat(shell.Run(script + " | Out-String -Width " + ConsoleWidth).ThrowOnError().Output.Select(o => o.ToString()));
        List<string> lines = text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();
        Assert.All(lines, l => Assert.True(l.Length <= ConsoleWidth, "Wider than " + ConsoleWidth + " columns: '" + l + "'"));
        return lines;
    }

    private static string[] Headers(List<string> table) => table[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private async Task<(EmulatorServer Server, Shell Shell)> ConnectAsync(string protocol)
    {
        EmulatorServer server = await TestEmulator.StartAsync();
        Shell shell = _module.OpenShell();
        shell.Run("Connect-MySmpp -Credential ([pscredential]::new('login', (ConvertTo-SecureString 'password' -AsPlainText -Force))) -BaseUri $args[0] -Protocol $args[1] -WarningAction SilentlyContinue", server.BaseUri(), protocol).ThrowOnError();
        return (server, shell);
    }

    [Fact]
    public void Every_type_and_property_a_view_names_exists()
    {
        using Shell shell = _module.OpenShell();
        Assert.NotEmpty(Views);
        foreach (XElement view in Views)
        {
            // 'MySmpp.Model.SmsState+Detail' is a private shape of MySmpp.Model.SmsState (SmsState.Shapes.cs): the shape must
            // exist (a misspelt name would select nothing), the properties are the base type's.
            string[] names = TypeOf(view).Split('+');
            string typeName = names[0];
            var type = shell.Run("$args[0] -as [type]", typeName).ThrowOnError().Output.SingleOrDefault()?.BaseObject as Type;
            Assert.True(type != null, "View " + view.Element("Name")!.Value + " is for " + typeName + ", which the module does not define.");
            if (names.Length > 1)
            {
                Assert.True(type!.GetNestedType(names[1], System.Reflection.BindingFlags.NonPublic) is { } shape && shape.IsSubclassOf(type), "View " + view.Element("Name")!.Value + " is for the shape " + TypeOf(view) + ", which " + typeName + " does not have.");
            }

            foreach (XElement property in view.Descendants("PropertyName"))
            {
                Assert.True(type!.GetProperty(property.Value.Trim()) != null, typeName + " has no property " + property.Value + ".");
            }
        }
    }

    /// <summary>
    /// What a view shows as a header is what <c>Where-Object</c>, <c>Sort-Object</c> and <c>Select-Object</c> take: the
    /// name of a property of the type, or of an alias property the module's types file adds (MySmpp.Types.ps1xml).
    /// A header such as "Cost" over TotalCost made <c>Where-Object Cost -gt 5</c> silently return nothing.
    /// </summary>
    [Fact]
    public void Every_header_a_view_shows_is_a_property_or_alias_of_its_type()
    {
        using Shell shell = _module.OpenShell();
        foreach (XElement view in Views)
        {
            string typeName = TypeOf(view).Split('+')[0];
            var type = (Type)shell.Run("$args[0] -as [type]", typeName).ThrowOnError().Output.Single().BaseObject;
            var aliases = new HashSet<string>(
                shell.Run("$data = Get-TypeData -TypeName $args[0]; if ($data) { $data.Members.Keys }", typeName).ThrowOnError().Output.Select(o => o.ToString()),
                StringComparer.OrdinalIgnoreCase);
            foreach (string header in ShownHeaders(view))
            {
                Assert.True(
                    type.GetProperty(header) != null || aliases.Contains(header),
                    "View " + view.Element("Name")!.Value + " shows '" + header + "', which is not a property of " + typeName + ": Where-Object " + header + " would find nothing.");
            }
        }
    }

    /// <summary>The headers a view prints: a table column's label (else its property), a list item's label (else its property).</summary>
    private static IEnumerable<string> ShownHeaders(XElement view)
    {
        XElement? table = view.Element("TableControl");
        if (table != null)
        {
            List<XElement> headers = table.Element("TableHeaders")!.Elements("TableColumnHeader").ToList();
            List<XElement> items = table.Descendants("TableColumnItem").ToList();
            Assert.Equal(headers.Count, items.Count);
            for (int i = 0; i < headers.Count; i++)
            {
                string? label = headers[i].Element("Label")?.Value.Trim();
                string? property = items[i].Element("PropertyName")?.Value.Trim();
                Assert.True(label != null || property != null, "View " + view.Element("Name")!.Value + ": column " + (i + 1) + " shows a script block without a label.");
                yield return label ?? property!;
            }

            yield break;
        }

        foreach (XElement item in view.Descendants("ListItem"))
        {
            yield return (item.Element("Label")?.Value ?? item.Element("PropertyName")!.Value).Trim();
        }
    }

    [Fact]
    public void View_names_are_unique_and_PowerShell_loads_them()
    {
        var names = Views.Select(v => v.Element("Name")!.Value).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        using Shell shell = _module.OpenShell();
        int loaded = shell.Run("Get-FormatData -TypeName 'MySmpp.*' | ForEach-Object { $_.FormatViewDefinition } | Measure-Object | ForEach-Object Count").ThrowOnError().Output.Select(o => (int)o.BaseObject).Single();
        Assert.Equal(names.Count, loaded);
    }

    [Fact]
    public async Task Get_SmsState_Detail_shows_parts_price_and_cost_in_80_columns_without_channel_columns()
    {
        var (server, shell) = await ConnectAsync("Json");
        await using (server)
        using (shell)
        {
            List<string> table = Render(shell, "82216..82225 | Get-SmsState -Detail | Format-Table");
            Assert.Equal(new[] { "Id", "Status", "StatusTime", "Parts", "PricePerPart", "TotalCost" }, Headers(table));
            string row = Assert.Single(table, l => l.TrimStart().StartsWith("82216", StringComparison.Ordinal));
            Assert.Equal(new[] { "82216", "Delivered", "2021-04-26", "15:15:03", "1", "10.6", "10.6" }, row.Split(' ', StringSplitOptions.RemoveEmptyEntries));

            // Out-Default takes the same view as Format-Table.
            Assert.Equal(Headers(table), Headers(Render(shell, "Get-SmsState 82216 -Detail")));
        }
    }

    [Fact]
    public async Task Json_states_without_detail_show_no_empty_columns()
    {
        var (server, shell) = await ConnectAsync("Json");
        await using (server)
        using (shell)
        {
            List<string> table = Render(shell, "82216..82225 | Get-SmsState");
            Assert.Equal(new[] { "Id", "Status", "StatusTime", "IsFinal", "IsDelivered" }, Headers(table));
            Assert.Contains(table, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(4).SequenceEqual(new[] { "82216", "Delivered", "2021-04-26", "15:15:03" }));
        }
    }

    [Fact]
    public async Task Xml_states_show_the_sms_and_viber_channels_in_80_columns()
    {
        var (server, shell) = await ConnectAsync("Xml");
        await using (server)
        using (shell)
        {
            List<string> table = Render(shell, "82216..82225 | Get-SmsState | Format-Table");
            Assert.Equal(new[] { "Id", "Status", "StatusTime", "SmsStatus", "ViberStatus" }, Headers(table));
            string row = Assert.Single(table, l => l.TrimStart().StartsWith("82220", StringComparison.Ordinal));
            Assert.Equal(new[] { "82220", "Read", "2021-04-26", "15:13:00", "Delivered", "Read" }, row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    [Fact]
    public async Task Summaries_records_and_the_balance_read_well_at_80_columns()
    {
        var (server, shell) = await ConnectAsync("Json");
        await using (server)
        using (shell)
        {
            // Without -Detail the states carry no price: no empty "TotalCost :" line. With it, the total as people write
            // it: the gateway's prices are 10.6000000, and their sum is not shown as 113.5000000.
            List<string> plain = Render(shell, "82216..82225 | Get-SmsState | Get-SmsStateSummary");
            Assert.Contains(plain, l => l.Replace(" ", string.Empty, StringComparison.Ordinal) == "Total:10");
            Assert.DoesNotContain(plain, l => l.StartsWith("TotalCost", StringComparison.Ordinal));
            List<string> priced = Render(shell, "82216..82225 | Get-SmsState -Detail | Get-SmsStateSummary");
            Assert.Contains(priced, l => l.Replace(" ", string.Empty, StringComparison.Ordinal) == "TotalCost:113.5");
            Assert.Contains(Render(shell, "Get-SmsState 82216 -Detail | Format-List"), l => l.Replace(" ", string.Empty, StringComparison.Ordinal) == "PricePerPart:10.6");

            // Records: what every record has, whatever the flavour, and no column that only some answers fill.
            List<string> records = Render(shell, "82216..82225 | Get-SmsState -Detail | ConvertTo-SmsStateRecord");
            Assert.Equal(new[] { "Id", "Status", "StatusTime", "IsFinal", "IsDelivered" }, Headers(records));
            Assert.Contains(records, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(new[] { "82216", "Delivered", "2021-04-26T15:15:03", "False", "True" }));

            // The balance: the directions under the names of their properties.
            List<string> balance = Render(shell, "Get-MySmppBalance");
            Assert.Contains(balance, l => l.Replace(" ", string.Empty, StringComparison.Ordinal) == "Directions:KindAreaPriceMessagesLeft");
            Assert.Contains(balance, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).SequenceEqual(new[] { "viber", "Russia", "-", "unlimited" }));
        }
    }

    [Fact]
    public async Task States_keep_their_type_for_is_Select_Object_and_Format_List()
    {
        var (server, shell) = await ConnectAsync("Json");
        await using (server)
        using (shell)
        {
            var results = shell.Run("$s = Get-SmsState 82216 -Detail; $s -is [MySmpp.Model.SmsState]; $s.PSObject.TypeNames[0]; $s.PSObject.TypeNames[1]; ($s | Format-List | Out-String -Width 80) -match 'PricePerPart'").ThrowOnError().Output.Select(o => o.ToString()).ToList();
            Assert.Equal(new[] { "True", "MySmpp.Model.SmsState+Detail", "MySmpp.Model.SmsState", "True" }, results);
        }
    }

    [Fact]
    public async Task A_session_reads_well_at_80_columns_as_a_list_and_as_a_table()
    {
        var (server, shell) = await ConnectAsync("Json");
        await using (server)
        using (shell)
        {
            List<string> list = Render(shell, "Get-MySmppSession");
            Assert.Contains(list, l => l.Replace(" ", string.Empty, StringComparison.Ordinal) == "BatchSize:200");
            Assert.Contains(list, l => l.Replace(" ", string.Empty, StringComparison.Ordinal).StartsWith("Account:login", StringComparison.Ordinal));
            Assert.Contains(list, l => l.Replace(" ", string.Empty, StringComparison.Ordinal) == "Protocol:Json");

            List<string> table = Render(shell, "Get-MySmppSession | Format-Table");
            Assert.Equal(new[] { "Account", "Protocol", "BatchSize", "IsConnected", "BaseAddress" }, Headers(table));
            Assert.Equal(new[] { "login", "'login'", "Json", "200", "True", server.BaseUri() + "/" }, table[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    [Fact]
    public async Task The_platforms_objects_have_views_that_fit_80_columns_in_both_dialects()
    {
        foreach (EmulatorDialect dialect in new[] { EmulatorDialect.Documented, EmulatorDialect.Live })
        {
            await using EmulatorServer server = await TestEmulator.StartAsync(configure: o => o.Dialect = dialect);
            using Shell shell = _module.OpenShell();
            shell.Run("Connect-MySmpp -Credential ([pscredential]::new('login', (ConvertTo-SecureString 'password' -AsPlainText -Force))) -BaseUri $args[0] -WarningAction SilentlyContinue", server.BaseUri()).ThrowOnError();

            List<string> replies = Render(shell, "Get-SmsInbound -Since '2021-04-26 00:00'");
            Assert.Equal(new[] { "Id", "ReceivedAt", "From", "Text" }, Headers(replies));
            Assert.Contains(replies, l => l.Contains("2021-04-26 14:40:00", StringComparison.Ordinal) && l.Contains("Да, подтверждаю", StringComparison.Ordinal));

            Assert.Equal(new[] { "Phone" }, Headers(Render(shell, "Get-MySmppStopList")));
            List<string> added = Render(shell, "Add-MySmppStopList 79001110001, 79001110003");
            Assert.Equal(new[] { "Phone", "Action", "Outcome", "OutcomeText" }, Headers(added));
            Assert.Equal(new[] { "79001110001", "Add", "Added", "add" }, added[2].Split(' ', StringSplitOptions.RemoveEmptyEntries));

            List<string> scheduled = Render(shell, "Get-SmsScheduled");
            Assert.Equal(new[] { "Id", "SendAt", "Phone", "Sender", "Parts", "Text" }, Headers(scheduled));
            Assert.Equal(new[] { "2500000001", "2021-04-26", "21:00", "79005550001", "MyShop", "1" }, scheduled[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(6));
            Assert.Equal(new[] { "Id", "Outcome", "OutcomeText" }, Headers(Render(shell, "Remove-SmsScheduled 2500000001 -Confirm:$false")));

            List<string> numbers = Render(shell, "Get-SmsPhoneInfo 79131234567, 79141234567, 79991234567");
            Assert.Equal(new[] { "Phone", "Operator", "UtcOffset", "Region" }, Headers(numbers));
            Assert.Contains("+07:00", numbers[2], StringComparison.Ordinal);
            Assert.Contains("+12:00", numbers[3], StringComparison.Ordinal);

            List<string> senders = Render(shell, "Get-MySmppSender");
            Assert.Equal(new[] { "Name", "State", "IsUsable", "ManagerComment" }, Headers(senders));
            Assert.Contains(senders, l => l.StartsWith("Spammer", StringComparison.Ordinal) && l.Contains(dialect == EmulatorDialect.Live ? "Отклонено" : "Rejected:", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Measured_texts_and_acknowledgements_read_well_at_80_columns()
    {
        using Shell shell = _module.OpenShell();

        List<string> texts = Render(shell, "Measure-SmsText 'Your code is 1234', ('Привет! ' * 20), ('{}' * 100)");
        Assert.Equal(new[] { "Encoding", "Chars", "Units", "Parts", "PerPart", "Left", "Text" }, Headers(texts));
        Assert.Equal(new[] { "Gsm7", "17", "17", "1", "160", "143" }, texts[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(6));
        Assert.Equal(new[] { "Ucs2", "160", "160", "3", "67", "41" }, texts[3].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(6));
        Assert.Equal(new[] { "Gsm7", "200", "400", "3", "153", "57" }, texts[4].Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(6));

        List<string> ack = Render(shell, "New-SmsStatusCallbackAcknowledgement -Id 3234, 3235 -Protocol Xml");
        Assert.Contains(ack, l => l.Replace(" ", string.Empty, StringComparison.Ordinal) == "Ids:3234,3235");
        Assert.Contains(ack, l => l.Replace(" ", string.Empty, StringComparison.Ordinal) == "ContentType:text/xml;charset=utf-8");
    }

    [Fact]
    public async Task Journal_entries_read_well_at_80_columns_as_a_table_and_a_list()
    {
        await using EmulatorServer server = await TestEmulator.StartAsync();
        string folder = Directory.CreateTempSubdirectory("mysmpp-format-").FullName;
        try
        {
            using Shell shell = _module.OpenShell();
            shell.Run(@"
$s = Connect-MySmpp -Credential ([pscredential]::new('login', (ConvertTo-SecureString 'password' -AsPlainText -Force))) -BaseUri $args[0] -JournalPath (Join-Path $args[1] 'journal.db') -PassThru -WarningAction SilentlyContinue
$flags = [System.Reflection.BindingFlags]'Instance,NonPublic'
$journal = [MySmpp.Commands.MySmppSession].GetMethod('OpenJournal', $flags).Invoke($s, @())
$account = [MySmpp.Commands.MySmppSession].GetMethod('JournalAccount', $flags).Invoke($s, @())
$now = [DateTimeOffset]::new(2026, 3, 10, 12, 0, 0, [TimeSpan]::Zero)
$run = $journal.StartRun($account, [guid]::NewGuid(), [NullString]::Value, $now)
$m = [MySmpp.Sending.SmsMessage]::new(); $m.Text = 'Your code is 1234'; $m.Sender = 'MyShop'
$intents = [System.Collections.Generic.List[MySmpp.Journal.SendIntent]]::new()
$intents.Add([MySmpp.Journal.SendIntent]::new(1, '790011100011234', 9223372036854775807, $m, $now))
$intents.Add([MySmpp.Journal.SendIntent]::new(2, '79001110002', 2, $m, $now))
$ids = $journal.RecordIntents($run, $intents)
$outcomes = [System.Collections.Generic.List[MySmpp.Journal.SendJournalOutcome]]::new()
$outcomes.Add([MySmpp.Journal.SendJournalOutcome]::Accepted($ids[0], 82216, 1, $null, $now))
$journal.RecordOutcomes($outcomes)
Get-SmsJournal | Sync-SmsJournal", server.BaseUri(), folder).ThrowOnError();

            List<string> table = Render(shell, "Get-SmsJournal");
            Assert.Equal(new[] { "SentAt", "Phone", "Id", "Status", "StatusTime" }, Headers(table));
            Assert.Contains(table, l => l.Contains("790011100011234", StringComparison.Ordinal) && l.Contains("82216", StringComparison.Ordinal) && l.Contains("Delivered", StringComparison.Ordinal) && l.Contains("2021-04-26 15:15", StringComparison.Ordinal));
            Assert.Contains(table, l => l.Contains("79001110002", StringComparison.Ordinal) && l.Contains("Unconfirmed", StringComparison.Ordinal));

            List<string> list = Render(shell, "Get-SmsJournal | Format-List");
            Assert.Contains(list, l => l.Replace(" ", string.Empty, StringComparison.Ordinal) == "ClientId:9223372036854775807");
            Assert.Contains(list, l => l.Replace(" ", string.Empty, StringComparison.Ordinal) == "Text:Yourcodeis1234");

            List<string> cleanup = Render(shell, "Clear-SmsJournal -Before '2000-01-01' -Confirm:$false");
            Assert.Contains(cleanup, l => l.Replace(" ", string.Empty, StringComparison.Ordinal) == "Deleted:0");
            shell.Run("Disconnect-MySmpp").ThrowOnError();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
