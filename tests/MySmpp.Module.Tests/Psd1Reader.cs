using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace MySmpp.Module.Tests;

/// <summary>
/// Reads the data language a module manifest uses: <c>@{ }</c> hashtables, <c>@( )</c> arrays,
/// single- and double-quoted strings, numbers, <c>$true</c>/<c>$false</c>/<c>$null</c> and comments.
/// Anything else (expressions, variables) is refused, as Import-PowerShellDataFile would refuse it.
/// </summary>
public sealed class Psd1Reader
{
    private readonly string _text;
    private int _pos;

    private Psd1Reader(string text) => _text = text;

    public static Dictionary<string, object?> Read(string text)
    {
        var reader = new Psd1Reader(text);
        reader.Skip();
        object? value = reader.Value();
        reader.Skip();
        if (reader._pos != reader._text.Length) throw reader.Error("unexpected text after the manifest's hashtable");
        return value as Dictionary<string, object?> ?? throw reader.Error("the manifest is not a hashtable");
    }

    private object? Value()
    {
        Skip();
        if (Peek("@{")) return Hashtable();
        if (Peek("@(")) return Array();
        char c = Current;
        if (c == '\'') return SingleQuoted();
        if (c == '"') return DoubleQuoted();
        if (Peek("$true")) { _pos += 5; return true; }
        if (Peek("$false")) { _pos += 6; return false; }
        if (Peek("$null")) { _pos += 5; return null; }
        if (char.IsDigit(c) || c == '-') return Number();
        throw Error("unexpected '" + c + "'");
    }

    private Dictionary<string, object?> Hashtable()
    {
        _pos += 2;
        var table = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        while (true)
        {
            Skip(newlines: true, semicolons: true);
            if (Current == '}')
            {
                _pos++;
                return table;
            }

            string key = Current == '\'' ? SingleQuoted() : Current == '"' ? DoubleQuoted() : Identifier();
            Skip();
            if (Current != '=') throw Error("expected '=' after " + key);
            _pos++;
            if (table.ContainsKey(key)) throw Error("duplicate key " + key);
            table[key] = Value();
        }
    }

    private List<object?> Array()
    {
        _pos += 2;
        var items = new List<object?>();
        while (true)
        {
            Skip(newlines: true, semicolons: true);
            if (Current == ',')
            {
                _pos++;
                continue;
            }

            if (Current == ')')
            {
                _pos++;
                return items;
            }

            items.Add(Value());
        }
    }

    private string Identifier()
    {
        int start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] == '_')) _pos++;
        if (start == _pos) throw Error("expected a key");
        return _text[start.._pos];
    }

    private string SingleQuoted()
    {
        var value = new StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unterminated string");
            char c = _text[_pos++];
            if (c == '\'')
            {
                if (_pos < _text.Length && _text[_pos] == '\'')
                {
                    value.Append('\'');
                    _pos++;
                    continue;
                }

                return value.ToString();
            }

            value.Append(c);
        }
    }

    private string DoubleQuoted()
    {
        var value = new StringBuilder();
        _pos++;
        while (true)
        {
            if (_pos >= _text.Length) throw Error("unterminated string");
            char c = _text[_pos++];
            if (c == '"') return value.ToString();
            if (c == '$') throw Error("variables in double-quoted strings are not data");
            if (c == '`' && _pos < _text.Length) c = _text[_pos++];
            value.Append(c);
        }
    }

    private object Number()
    {
        int start = _pos;
        _pos++;
        while (_pos < _text.Length && (char.IsDigit(_text[_pos]) || _text[_pos] == '.')) _pos++;
        string text = _text[start.._pos];
        return text.Contains('.', StringComparison.Ordinal)
            ? double.Parse(text, CultureInfo.InvariantCulture)
            : long.Parse(text, CultureInfo.InvariantCulture);
    }

    private void Skip(bool newlines = true, bool semicolons = false)
    {
        while (_pos < _text.Length)
        {
            char c = _text[_pos];
            if (c == '#')
            {
                while (_pos < _text.Length && _text[_pos] != '\n') _pos++;
            }
            else if (Peek("<#"))
            {
                int end = _text.IndexOf("#>", _pos, StringComparison.Ordinal);
                _pos = end < 0 ? _text.Length : end + 2;
            }
            else if (c == ' ' || c == '\t' || c == '\uFEFF' || (newlines && (c == '\r' || c == '\n')) || (semicolons && c == ';'))
            {
                _pos++;
            }
            else
            {
                return;
            }
        }
    }

    private char Current => _pos < _text.Length ? _text[_pos] : throw Error("unexpected end of file");

    private bool Peek(string s) => string.CompareOrdinal(_text, _pos, s, 0, s.Length) == 0;

    private FormatException Error(string what)
    {
        int line = 1;
        for (int i = 0; i < _pos && i < _text.Length; i++) if (_text[i] == '\n') line++;
        return new FormatException("psd1 line " + line + ": " + what);
    }
}
