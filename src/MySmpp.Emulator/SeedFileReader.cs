using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace MySmpp.Emulator;

/// <summary>Reads the seed file format documented by <c>seed.sample.json</c>.</summary>
/// <remarks>Uses <see cref="JsonDocument"/> rather than the reflection serializer so the format stays explicit and trim-safe.</remarks>
internal static class SeedFileReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public static EmulatorSeed Read(string json)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json, DocumentOptions);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("$", "the seed must be a JSON object");
            }

            bool includeDefaults = !root.TryGetProperty("includeDefaults", out JsonElement flag) || flag.GetBoolean();
            EmulatorSeed seed = includeDefaults ? EmulatorSeed.CreateDefault() : new EmulatorSeed();

            foreach ((JsonElement item, string path) in Items(root, "accounts"))
            {
                seed.AddAccount(new EmulatorAccount(
                    RequiredString(item, "login", path),
                    RequiredString(item, "password", path),
                    OptionalString(item, "token", path),
                    item.TryGetProperty("locked", out JsonElement locked) && locked.GetBoolean()));
            }

            foreach ((JsonElement item, string path) in Items(root, "messages"))
            {
                seed.AddMessage(ReadMessage(item, path));
            }

            return seed;
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"Invalid seed: {ex.Message}", ex);
        }
    }

    private static EmulatorMessage ReadMessage(JsonElement item, string path)
    {
        long id = item.TryGetProperty("id", out JsonElement idElement)
            ? ReadId(idElement, path + ".id")
            : throw Invalid(path, "'id' is required");
        int parts = item.TryGetProperty("parts", out JsonElement partsElement) ? partsElement.GetInt32() : 1;
        decimal price = item.TryGetProperty("price", out JsonElement priceElement) ? ReadDecimal(priceElement) : 0m;

        var steps = new List<MessageStep>();
        if (item.TryGetProperty("steps", out _))
        {
            foreach ((JsonElement step, string stepPath) in Items(item, "steps", path))
            {
                steps.Add(ReadStep(step, stepPath));
            }
        }
        else
        {
            // Shorthand for a message whose status never changes: the step's fields sit on the message.
            steps.Add(ReadStep(item, path));
        }

        return new EmulatorMessage(id, steps, parts, price);
    }

    private static MessageStep ReadStep(JsonElement step, string path)
    {
        double after = step.TryGetProperty("afterSeconds", out JsonElement afterElement) ? afterElement.GetDouble() : 0;
        return new MessageStep(after, RequiredString(step, "state", path), OptionalString(step, "sms", path), OptionalString(step, "viber", path));
    }

    private static IEnumerable<(JsonElement Item, string Path)> Items(JsonElement parent, string name, string parentPath = "$")
    {
        if (!parent.TryGetProperty(name, out JsonElement array) || array.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }

        string path = parentPath + "." + name;
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw Invalid(path, "must be an array");
        }

        int index = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            string itemPath = string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]");
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(itemPath, "must be an object");
            }

            yield return (item, itemPath);
        }
    }

    private static long ReadId(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Number => element.GetInt64(),
        JsonValueKind.String when long.TryParse(element.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out long id) => id,
        _ => throw Invalid(path, "must be an integer"),
    };

    private static decimal ReadDecimal(JsonElement element) => element.ValueKind == JsonValueKind.String
        ? decimal.Parse(element.GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture)
        : element.GetDecimal();

    private static string RequiredString(JsonElement item, string name, string path)
        => OptionalString(item, name, path) ?? throw Invalid(path, $"'{name}' is required");

    private static string? OptionalString(JsonElement item, string name, string path)
    {
        if (!item.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw Invalid(path + "." + name, "must be a string");
    }

    private static InvalidDataException Invalid(string path, string problem) => new($"Invalid seed: {path} {problem}.");
}
