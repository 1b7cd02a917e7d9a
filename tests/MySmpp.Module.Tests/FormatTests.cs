using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Xml.Linq;
using Xunit;

namespace MySmpp.Module.Tests;

/// <summary>The format (and any types) files: every type and property they name exists.</summary>
[Collection(ModuleCollection.Name)]
public sealed class FormatTests
{
    private readonly ModuleFixture _module;
    private readonly XDocument _format;

    public FormatTests(ModuleFixture module)
    {
        _module = module;
        _format = XDocument.Load(Path.Combine(module.ModuleDir, "MySmpp.Format.ps1xml"));
    }

    private IEnumerable<XElement> Views => _format.Root!.Element("ViewDefinitions")!.Elements("View");

    private static string TypeOf(XElement view) => view.Element("ViewSelectedBy")!.Element("TypeName")!.Value.Trim();

    [Fact]
    public void Every_type_and_property_a_view_names_exists()
    {
        Assert.NotEmpty(Views);
        foreach (XElement view in Views)
        {
            string typeName = TypeOf(view);
            Type? type = _module.FindType(typeName);
            Assert.True(type != null, "View " + view.Element("Name")!.Value + " is for " + typeName + ", which the module does not define.");
            foreach (XElement property in view.Descendants("PropertyName"))
            {
                Assert.True(type!.GetProperty(property.Value.Trim(), BindingFlags.Public | BindingFlags.Instance) != null, typeName + " has no property " + property.Value + ".");
            }
        }
    }

    [Fact]
    public void View_names_are_unique()
    {
        var names = Views.Select(v => v.Element("Name")!.Value).ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void The_state_table_shows_the_columns_the_issue_asks_for_first_then_a_list_view()
    {
        List<XElement> stateViews = Views.Where(v => TypeOf(v) == "MySmpp.SmsState").ToList();
        XElement table = stateViews.First();
        Assert.NotNull(table.Element("TableControl"));
        Assert.Equal(
            new[] { "Id", "Status", "StatusTime", "Sms", "Viber", "Parts", "Cost" },
            table.Descendants("TableColumnHeader").Select(h => h.Element("Label")!.Value));
        Assert.Equal(
            new[] { "Id", "Status", "StatusTime", "SmsStatus", "ViberStatus", "Parts", "TotalCost" },
            table.Descendants("TableColumnItem").Select(i => i.Element("PropertyName")!.Value));
        Assert.Contains(stateViews, v => v.Element("ListControl") != null);
    }

    [Theory]
    [InlineData("MySmpp.Commands.MySmppSession")]
    [InlineData("MySmpp.SmsStateSummary")]
    public void Sessions_and_summaries_have_views(string typeName)
    {
        Assert.Contains(Views, v => TypeOf(v) == typeName);
    }

    [Fact]
    public void The_state_type_name_is_the_name_the_views_key_on()
    {
        // PowerShell's TypeNames[0] for an SmsState is its full .NET name; the views and OutputType must use it.
        Assert.Equal("MySmpp.SmsState", _module.Core.GetType("MySmpp.SmsState")!.FullName);
    }

    [Fact]
    public void Any_types_file_names_existing_types()
    {
        foreach (string file in Directory.GetFiles(_module.ModuleDir, "*.Types.ps1xml"))
        {
            foreach (XElement name in XDocument.Load(file).Root!.Elements("Type").Select(t => t.Element("Name")!))
            {
                Assert.True(_module.FindType(name.Value.Trim()) != null, Path.GetFileName(file) + " names " + name.Value + ", which the module does not define.");
            }
        }
    }
}
