using System.Text.Json;
using RiskGovernance.Engine.Validation;

namespace RiskGovernance.Web.Api;

/// <summary>
/// The JSON problem bodies (RFC 9457) of the portal's endpoints: a refusal names the field in
/// <c>detail</c> ("siwe.nonce: was already used") and in <c>errors</c> ({"siwe.nonce": ["..."]}).
/// </summary>
public static class ApiProblems
{
    /// <summary>Largest JSON body the sign-in endpoints read.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>400 with every field-named error.</summary>
    public static IResult Validation(IReadOnlyList<ValidationError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var byField = errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        return Results.ValidationProblem(byField, detail: string.Join("; ", errors.Select(e => e.ToString())),
            title: "The request was refused.");
    }

    /// <summary>400 naming one field.</summary>
    public static IResult Validation(string field, string message) => Validation([new ValidationError(field, message)]);

    /// <summary>A problem with a status, a title and a detail.</summary>
    public static IResult Problem(int status, string title, string detail, IDictionary<string, object?>? extensions = null)
        => Results.Problem(detail: detail, statusCode: status, title: title, extensions: extensions);

    /// <summary>
    /// Reads a JSON body of <typeparamref name="T"/>; a body that is not JSON (or not an object of
    /// that shape) gives a 400 naming "body" instead of an exception.
    /// </summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!PortalRequests.IsJson(request))
        {
            return (null, UnsupportedMediaType());
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", $"body: larger than {MaxBodyBytes / 1024} KiB."));
        }

        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, JsonSerializerOptions.Web, cancellationToken);
            return value is null ? (null, Validation("body", "must be a JSON object")) : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Validation("body", $"is not valid JSON for this endpoint ({e.Path ?? "$"})"));
        }
    }

    /// <summary>The message of an argument exception without the field prefix and the "(Parameter ...)" suffix.</summary>
    public static string MessageOf(ArgumentException exception, string field)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var text = exception.Message;
        var suffix = $" (Parameter '{exception.ParamName}')";
        if (exception.ParamName is not null && text.EndsWith(suffix, StringComparison.Ordinal))
        {
            text = text[..^suffix.Length];
        }

        return text.StartsWith(field + ": ", StringComparison.Ordinal) ? text[(field.Length + 2)..] : text;
    }

    /// <summary>415: the endpoint only takes "Content-Type: application/json".</summary>
    public static IResult UnsupportedMediaType()
        => Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
            "Content-Type: this endpoint only accepts application/json (a cross-site form cannot send it, which is part of the CSRF protection).");
}

/// <summary>Request checks shared by the portal's endpoints.</summary>
public static class PortalRequests
{
    /// <summary>True when the request's Content-Type is application/json (any charset).</summary>
    public static bool IsJson(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.ContentType is { } type
               && type.Split(';')[0].Trim().Equals("application/json", StringComparison.OrdinalIgnoreCase);
    }
}
