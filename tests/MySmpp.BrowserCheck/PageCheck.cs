using System.Collections.Generic;

namespace MySmpp.BrowserCheck;

/// <summary>What the browser saw of one page at one viewport width.</summary>
public sealed class ViewportCheck
{
    public int Width { get; set; }

    /// <summary>document.documentElement.scrollWidth: more than <see cref="ClientWidth"/> means the page scrolls sideways.</summary>
    public int ScrollWidth { get; set; }

    public int ClientWidth { get; set; }

    public string Screenshot { get; set; } = string.Empty;
}

/// <summary>What the browser saw of one page: everything a test asserts on.</summary>
public sealed class PageCheck
{
    /// <summary>Console messages of type error or warning, and uncaught page errors ("type: text").</summary>
    public List<string> ConsoleProblems { get; set; } = new();

    /// <summary>Every request the page made, the page's own file excepted.</summary>
    public List<string> Requests { get; set; } = new();

    /// <summary>The text of every element with a data-kpi attribute, by its value.</summary>
    public Dictionary<string, string> Kpis { get; set; } = new();

    /// <summary>The text of every element with a data-status attribute, by its value.</summary>
    public Dictionary<string, string> Statuses { get; set; } = new();

    public string Title { get; set; } = string.Empty;

    /// <summary>The tag names of every element in document order: the page's structure.</summary>
    public string Skeleton { get; set; } = string.Empty;

    /// <summary>Attributes whose name starts with "on" (event handlers) anywhere in the DOM.</summary>
    public int EventHandlerAttributes { get; set; }

    /// <summary>script elements that a browser would run (not type="application/json").</summary>
    public int ExecutableScripts { get; set; }

    /// <summary>The longest text of one element's own text nodes (the style sheet and the JSON data block aside).</summary>
    public int LongestText { get; set; }

    /// <summary>The text of the embedded JSON block (#mysmpp-report), or null.</summary>
    public string? EmbeddedJson { get; set; }

    /// <summary>Elements with a src, href, srcset, poster, data or action attribute, or a url( in a style (anything that could load).</summary>
    public int ExternalReferences { get; set; }

    public List<ViewportCheck> Viewports { get; set; } = new();
}
