using System;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;

namespace MySmpp.BrowserCheck;

/// <summary>
/// <c>dotnet MySmpp.BrowserCheck.dll PAGE.html SCREENSHOT-DIR [NAME]</c>: opens the page in headless Chromium and
/// prints what it saw as JSON (a <see cref="PageCheck"/>). Exits 0 when the page was checked, whatever it holds (the
/// caller asserts), 2 when it could not be (no browser, no file).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: MySmpp.BrowserCheck PAGE.html SCREENSHOT-DIR [NAME]");
            return 2;
        }

        try
        {
            if (!File.Exists(args[0])) throw new FileNotFoundException("No such page.", args[0]);
            await using ReportBrowser browser = await ReportBrowser.LaunchAsync();
            PageCheck check = await browser.CheckAsync(args[0], args[1], args.Length > 2 ? args[2] : Path.GetFileNameWithoutExtension(args[0]));
            Console.Out.WriteLine(JsonSerializer.Serialize(check));
            return 0;
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine("MySmpp.BrowserCheck: " + ex.Message);
            return 2;
        }
    }
}
