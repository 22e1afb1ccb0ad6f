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
            // Binding ports below 1024 needs root, and nginx -t binds every listen address (one already in use is
            // accepted): a user other than root checks the same file on high ports.
            if (!Environment.IsPrivilegedProcess) httpContext = OnPorts(httpContext, 18080, 18443, keepIpv6: true);
            var main = Prepare(folder.FullName, httpContext, "");
            // -e: the error log before the configuration is read (the default, /var/log/nginx/error.log, is root's).
            var (code, output, errors) = Run(nginx, "-t", "-e", "stderr", "-p", folder.FullName + "/", "-c", main);
            return new Result(code, output + errors);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Starts nginx in the foreground, one process, with an http-context file whose listen lines are moved to the given
    /// loopback ports; stopped and its folder deleted on dispose.
    /// </summary>
    public static Server Start(string httpContext, int httpPort, int httpsPort)
    {
        var nginx = Binary.Value;
        var folder = Directory.CreateTempSubdirectory("quizbot-nginx.");
        var main = Prepare(folder.FullName, OnPorts(httpContext, httpPort, httpsPort, keepIpv6: false), "daemon off;\nmaster_process off;");
        var info = new ProcessStartInfo(nginx, ["-e", "stderr", "-p", folder.FullName + "/", "-c", main])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(info) ?? throw new InvalidOperationException("nginx could not be started");
        var output = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new Server(process, folder, output);
        // nginx says nothing when it is ready: its port answering is the sign (a few milliseconds here).
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var probe = new System.Net.Sockets.TcpClient();
                probe.Connect(System.Net.IPAddress.Loopback, httpsPort);
                return server;
            }
            catch (System.Net.Sockets.SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                Thread.Sleep(50);
            }
            catch (System.Net.Sockets.SocketException)
            {
                var log = server.Output;
                server.Dispose();
                throw new InvalidOperationException($"nginx did not listen on 127.0.0.1:{httpsPort}:\n{log}");
            }
        }
    }

    /// <summary>A running nginx of one test.</summary>
    public sealed class Server(Process process, DirectoryInfo folder, System.Text.StringBuilder output) : IDisposable
    {
        public string Output { get { lock (output) return output.ToString(); } }

        public void Dispose()
        {
            try
            {
                if (!process.HasExited) process.Kill();
                process.WaitForExit(5000);
            }
            finally
            {
                process.Dispose();
                folder.Delete(recursive: true);
            }
        }
    }

    /// <summary>The shipped listen lines (80 and 443, IPv4 and IPv6) moved to other ports.</summary>
    private static string OnPorts(string httpContext, int httpPort, int httpsPort, bool keepIpv6)
    {
        var ipv4 = keepIpv6 ? "" : "127.0.0.1:";
        return httpContext.Replace("listen 80;", $"listen {ipv4}{httpPort};", StringComparison.Ordinal)
            .Replace("listen [::]:80;", keepIpv6 ? $"listen [::]:{httpPort};" : "", StringComparison.Ordinal)
            .Replace("listen 443 ssl;", $"listen {ipv4}{httpsPort} ssl;", StringComparison.Ordinal)
            .Replace("listen [::]:443 ssl;", keepIpv6 ? $"listen [::]:{httpsPort} ssl;" : "", StringComparison.Ordinal);
    }

    /// <summary>Writes the certificate, the included file and a main configuration into the folder; returns the latter.</summary>
    private static string Prepare(string dir, string httpContext, string mainExtras)
    {
        var (certificate, key) = WriteSelfSignedCertificate(dir);
        var included = httpContext.Replace(CertificatePlaceholder, certificate, StringComparison.Ordinal)
            .Replace(KeyPlaceholder, key, StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(dir, "quizbot.conf"), included);
        var temp = Directory.CreateDirectory(Path.Combine(dir, "temp")).FullName;
        var main = Path.Combine(dir, "nginx.conf");
        File.WriteAllText(main, $$"""
            {{mainExtras}}
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
        return main;
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
