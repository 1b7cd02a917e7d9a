using System;

namespace MySmpp.Credentials;

/// <summary>
/// The credentials a script finds in its environment (CI secrets, scheduled tasks, containers):
/// <c>MYSMPP_TOKEN</c>, or else <c>MYSMPP_LOGIN</c> and <c>MYSMPP_PASSWORD</c>.
/// </summary>
internal static class EnvironmentCredential
{
    /// <summary>The environment variable holding an API token; it wins over login and password.</summary>
    public const string TokenVariable = "MYSMPP_TOKEN";

    /// <summary>The environment variable holding the login.</summary>
    public const string LoginVariable = "MYSMPP_LOGIN";

    /// <summary>The environment variable holding the password.</summary>
    public const string PasswordVariable = "MYSMPP_PASSWORD";

    /// <summary>
    /// Reads the credential from the environment variables; <paramref name="log"/> receives which ones were used
    /// (their names, never their values).
    /// </summary>
    /// <exception cref="InvalidOperationException">No usable credential is set; the message says what to set.</exception>
    public static MySmppCredential Read(Action<string>? log = null) => Read(Environment.GetEnvironmentVariable, log);

    /// <summary>As <see cref="Read(Action{string})"/>, with the variables looked up through <paramref name="variable"/> (tests).</summary>
    internal static MySmppCredential Read(Func<string, string?> variable, Action<string>? log)
    {
        string? token = variable(TokenVariable);
        if (!string.IsNullOrWhiteSpace(token))
        {
            log?.Invoke("Using the token in the environment variable " + TokenVariable + ".");
            return MySmppCredential.FromToken(token!.Trim());
        }

        string? login = variable(LoginVariable);
        string? password = variable(PasswordVariable);
        if (!string.IsNullOrWhiteSpace(login) && !string.IsNullOrEmpty(password))
        {
            log?.Invoke("Using the login and password in the environment variables " + LoginVariable + " and " + PasswordVariable + ".");
            return MySmppCredential.FromPassword(login!, password!);
        }

        string missing = string.IsNullOrWhiteSpace(login)
            ? "Set the environment variable " + TokenVariable + " (or " + LoginVariable + " and " + PasswordVariable + ")."
            : LoginVariable + " is set but " + PasswordVariable + " is not; set it, or use " + TokenVariable + ".";
        throw new InvalidOperationException("No MySmpp credentials. " + missing);
    }
}
