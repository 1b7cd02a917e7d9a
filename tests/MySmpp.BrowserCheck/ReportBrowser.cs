using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.Playwright;

namespace MySmpp.BrowserCheck;

/// <summary>
/// One headless Chromium, opened once, that checks pages: each page is opened as a file at each viewport width in
/// a fresh context, with every request recorded (and any that is not the page's own file aborted, so nothing leaves
/// the machine even when a page tries), console errors and warnings and page errors recorded, and a screenshot of
/// the whole page saved.
/// </summary>
public sealed class ReportBrowser : IAsyncDisposable
{
    /// <summary>The widths a report must fit without scrolling sideways: a desktop and a phone or mail pane.</summary>
    public static readonly int[] Widths = { 1280, 600 };

    // What the probe found Chromium needs here: no sandbox as root, and nothing of Google's background traffic.
    private static readonly string[] Flags =
    {
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions",
        "--metrics-recording-only", "--no-default-browser-check",
    };

    private const string InspectScript = @"() => {
        const all = [...document.querySelectorAll('*')];
        const own = e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent).join('');
        const loads = all.filter(e => ['src','href','srcset','poster','data','action','background','xlink:href'].some(a => e.hasAttribute(a))
            || /url\(/i.test(e.getAttribute('style') || '')).length;
        const json = document.getElementById('mysmpp-report');
        return {
            title: document.title,
            skeleton: all.map(e => e.tagName.toLowerCase()).join(','),
            handlers: all.reduce((n, e) => n + [...e.attributes].filter(a => a.name.toLowerCase().startsWith('on')).length, 0),
            scripts: [...document.scripts].filter(s => (s.type || 'text/javascript') !== 'application/json').length,
            longest: all.filter(e => e.tagName !== 'SCRIPT' && e.tagName !== 'STYLE').reduce((n, e) => Math.max(n, own(e).length), 0),
            json: json ? json.textContent : null,
            loads: loads,
            kpis: Object.fromEntries([...document.querySelectorAll('[data-kpi]')].map(e => [e.getAttribute('data-kpi'), e.textContent.trim()])),
            statuses: Object.fromEntries([...document.querySelectorAll('[data-status]')].map(e => [e.getAttribute('data-status'), e.textContent.trim()])),
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth,
        };
    }";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ReportBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>The browser's executable and version, for messages.</summary>
    public string Description { get; private set; } = string.Empty;

    public static async Task<ReportBrowser> LaunchAsync()
    {
        string executable = ChromiumLocator.Find();
        IPlaywright playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        try
        {
            IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = Flags,
                Timeout = 60_000,
            }).ConfigureAwait(false);
            return new ReportBrowser(playwright, browser) { Description = executable + " " + browser.Version };
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    /// <summary>Opens <paramref name="htmlPath"/> at each of <see cref="Widths"/> and reports what happened; screenshots go to <paramref name="screenshotDir"/> as name-width.png.</summary>
    public async Task<PageCheck> CheckAsync(string htmlPath, string screenshotDir, string name)
    {
        string url = new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri;
        Directory.CreateDirectory(screenshotDir);
        var check = new PageCheck();
        foreach (int width in Widths)
        {
            await using IBrowserContext context = await _browser.NewContextAsync(new BrowserNewContextOptions
            {
                ViewportSize = new ViewportSize { Width = width, Height = 900 },
                JavaScriptEnabled = true,
                ServiceWorkers = ServiceWorkerPolicy.Block,
            }).ConfigureAwait(false);
            await context.RouteAsync("**/*", async route =>
            {
                if (route.Request.Url == url) await route.ContinueAsync().ConfigureAwait(false);
                else await route.AbortAsync().ConfigureAwait(false);
            }).ConfigureAwait(false);
            IPage page = await context.NewPageAsync().ConfigureAwait(false);
            var problems = new List<string>();
            var requests = new List<string>();
            page.Console += (_, message) =>
            {
                if (message.Type is "error" or "warning") lock (problems) problems.Add(message.Type + ": " + message.Text);
            };
            page.PageError += (_, error) => { lock (problems) problems.Add("pageerror: " + error); };
            page.Request += (_, request) =>
            {
                if (request.Url != url) lock (requests) requests.Add(request.Url);
            };

            await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load, Timeout = 60_000 }).ConfigureAwait(false);
            JsonElement seen = await page.EvaluateAsync<JsonElement>(InspectScript).ConfigureAwait(false);
            string shot = Path.Combine(screenshotDir, name + "-" + width + ".png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = shot, FullPage = true }).ConfigureAwait(false);

            lock (problems) foreach (string p in problems) if (!check.ConsoleProblems.Contains(p)) check.ConsoleProblems.Add(p);
            lock (requests) foreach (string r in requests) if (!check.Requests.Contains(r)) check.Requests.Add(r);
            check.Title = seen.GetProperty("title").GetString() ?? string.Empty;
            check.Skeleton = seen.GetProperty("skeleton").GetString() ?? string.Empty;
            check.EventHandlerAttributes = seen.GetProperty("handlers").GetInt32();
            check.ExecutableScripts = seen.GetProperty("scripts").GetInt32();
            check.LongestText = seen.GetProperty("longest").GetInt32();
            check.ExternalReferences = seen.GetProperty("loads").GetInt32();
            check.EmbeddedJson = seen.GetProperty("json").ValueKind == JsonValueKind.String ? seen.GetProperty("json").GetString() : null;
            check.Kpis = Strings(seen.GetProperty("kpis"));
            check.Statuses = Strings(seen.GetProperty("statuses"));
            check.Viewports.Add(new ViewportCheck
            {
                Width = width,
                ScrollWidth = seen.GetProperty("scrollWidth").GetInt32(),
                ClientWidth = seen.GetProperty("clientWidth").GetInt32(),
                Screenshot = shot,
            });
        }

        return check;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync().ConfigureAwait(false);
        _playwright.Dispose();
    }

    private static Dictionary<string, string> Strings(JsonElement map)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty property in map.EnumerateObject()) result[property.Name] = property.Value.GetString() ?? string.Empty;
        return result;
    }
}
