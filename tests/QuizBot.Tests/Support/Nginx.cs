using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QuizBot.Tests.Support;

/// <summary>
/// Runs <c>nginx -t</c> on a copy of a configuration file in a folder of its own (docs/deploy.md, "Checking the nginx
/// configuration"). nginx comes from tests/nginx.sh, which installs the OS package where it is missing, at the first
/// check of the test run; when nginx cannot be had, the check fails with the script's reason: it is never skipped.
/// </summary>
internal static class Nginx
{
    /// <summary>Where the shipped configuration expects certbot's certificate for the placeholder host bot.example.</summary>
    public const string CertificatePlaceholder = "/etc/letsencrypt/live/bot.example/fullchain.pem";
    public const string KeyPlaceholder = "/etc/letsencrypt/live/bot.example/privkey.pem";

    private static readonly Lazy<string> Binary = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    public sealed record Result(int ExitCode, string Output)
    {
        public bool Passed => ExitCode == 0 && Output.Contains("test is successful", StringComparison.Ordinal);
    }

    /// <summary>
    /// Checks an http-context file (upstreams and servers, as the shipped one) with <c>nginx -t</c>: its certificate paths
    /// point at a throwaway self-signed certificate, and a main configuration of the test's own includes it with every
    /// path nginx writes (pid, error log, temporary files) in the same folder, so neither root nor /var is needed.
    /// </summary>
    public static Result Check(string httpContext)
    {
        var nginx = Binary.Value;
        var folder = Directory.CreateTempSubdirectory("quizbot-nginx.");
        try
        {
            var dir = folder.FullName;
            var (certificate, key) = WriteSelfSignedCertificate(dir);
            var included = httpContext.Replace(CertificatePlaceholder, certificate, StringComparison.Ordinal)
                .Replace(KeyPlaceholder, key, StringComparison.Ordinal);
            // Binding ports below 1024 needs root, and nginx -t binds every listen address (one already in use is
            // accepted): a user other than root checks the same file on high ports.
            if (!Environment.IsPrivilegedProcess)
                included = included.Replace("listen 80;", "listen 18080;", StringComparison.Ordinal)
                    .Replace("listen [::]:80;", "listen [::]:18080;", StringComparison.Ordinal)
                    .Replace("listen 443 ssl;", "listen 18443 ssl;", StringComparison.Ordinal)
                    .Replace("listen [::]:443 ssl;", "listen [::]:18443 ssl;", StringComparison.Ordinal);
            File.WriteAllText(Path.Combine(dir, "quizbot.conf"), included);
            var temp = Directory.CreateDirectory(Path.Combine(dir, "temp")).FullName;
            var main = Path.Combine(dir, "nginx.conf");
            File.WriteAllText(main, $$"""
                pid {{dir}}/nginx.pid;
                error_log stderr;
                events {}
                http {
                    access_log off;
                    client_body_temp_path {{temp}}/body;
                    proxy_temp_path {{temp}}/proxy;
                    fastcgi_temp_path {{temp}}/fastcgi;
                    uwsgi_temp_path {{temp}}/uwsgi;
                    scgi_temp_path {{temp}}/scgi;
                    include {{dir}}/quizbot.conf;
                }
                """);
            // -e: the error log before the configuration is read (the default, /var/log/nginx/error.log, is root's).
            var (code, output, errors) = Run(nginx, "-t", "-e", "stderr", "-p", dir + "/", "-c", main);
            return new Result(code, output + errors);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static (string Certificate, string Key) WriteSelfSignedCertificate(string dir)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=bot.example", key, HashAlgorithmName.SHA256);
        var builder = new SubjectAlternativeNameBuilder();
        builder.AddDnsName("bot.example");
        request.CertificateExtensions.Add(builder.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certificatePath = Path.Combine(dir, "fullchain.pem");
        var keyPath = Path.Combine(dir, "privkey.pem");
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem() + "\n");
        return (certificatePath, keyPath);
    }

    private static string Install()
    {
        var script = Path.Combine(TestBot.RepoRoot(), "tests", "nginx.sh");
        var (code, output, errors) = Run("bash", script, "path");
        if (code != 0)
            throw new InvalidOperationException($"The nginx configuration check needs nginx and tests/nginx.sh could not provide it " +
                $"(exit code {code}): {errors.Trim()}");
        return output.TrimEnd().Split('\n')[^1].Trim();
    }

    private static (int Code, string Output, string Errors) Run(string program, params string[] arguments)
    {
        var info = new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} could not be started");
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, errors.Result);
    }
}
