using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using QuizBot.Telegram;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>
/// Issue 12: the deployment files shipped in deploy/ (docs/deploy.md). The nginx configuration passes a real
/// <c>nginx -t</c> (nginx from the OS packages, installed by tests/nginx.sh where missing), a broken copy of it does not, so
/// the check is shown to notice; and the proxy and the systemd units agree with the bot's own limits and with each other.
/// </summary>
public sealed partial class DeployConfigTests
{
    private static string Shipped(params string[] path) => File.ReadAllText(Path.Combine([TestBot.RepoRoot(), .. path]));

    private static string NginxConf() => Shipped("deploy", "nginx", "quizbot.conf");

    [Fact]
    public void The_shipped_nginx_configuration_passes_nginx_t()
    {
        var result = Nginx.Check(NginxConf());

        Assert.True(result.Passed, $"nginx -t exited with {result.ExitCode}:\n{result.Output}");
    }

    [Fact]
    public void A_copy_of_the_nginx_configuration_missing_one_closing_brace_fails_nginx_t()
    {
        var conf = NginxConf();
        var broken = conf.Remove(conf.LastIndexOf('}'), 1);

        var result = Nginx.Check(broken);

        Assert.False(result.Passed);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("unexpected end of file", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_copy_of_the_nginx_configuration_with_a_misspelt_directive_fails_nginx_t()
    {
        var broken = NginxConf().Replace("proxy_read_timeout 15s;", "proxy_read_timeuot 15s;", StringComparison.Ordinal);
        Assert.NotEqual(NginxConf(), broken);

        var result = Nginx.Check(broken);

        Assert.False(result.Passed);
        Assert.Contains("unknown directive", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Through_nginx_a_webhook_call_that_one_instance_answers_503_is_delivered_to_the_next_with_its_secret()
    {
        // Two stand-ins for instances: one whose database is unreachable (503), one that stores (200).
        await using var failing = await StandIn.StartAsync(StatusCodes.Status503ServiceUnavailable);
        await using var storing = await StandIn.StartAsync(StatusCodes.Status200OK);
        var conf = NginxConf().Replace("server 127.0.0.1:8081 ", $"server 127.0.0.1:{failing.Port} ", StringComparison.Ordinal)
            .Replace("server 127.0.0.1:8082 ", $"server 127.0.0.1:{storing.Port} ", StringComparison.Ordinal);
        var https = Cluster.FreePort();
        using var nginx = Nginx.Start(conf, Cluster.FreePort(), https);
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true }, // the throwaway self-signed one
        })
        { BaseAddress = new Uri($"https://127.0.0.1:{https}"), Timeout = TimeSpan.FromSeconds(30) };

        for (var id = 1; id <= 4; id++)
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, "/telegram/hook")
            {
                Content = new StringContent($$"""{"update_id":{{id}}}""", Encoding.UTF8, "application/json"),
            };
            post.Headers.Add(WebhookIntake.SecretHeader, "s3cret");
            using var answer = await client.SendAsync(post);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"update {id}: {answer.StatusCode}\n{nginx.Output}");
        }
        Assert.Equal(["1", "2", "3", "4"], storing.Calls.Select(c => c.Body.Split(':')[1].TrimEnd('}')).Order());
        Assert.All(storing.Calls, c => Assert.Equal("s3cret", c.Secret));
        Assert.InRange(failing.Calls.Count, 1, 4); // the call it refused was then taken by the other

        using var oversized = new ByteArrayContent(new byte[WebhookIntake.MaxBodyBytes + 1]);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await client.PostAsync("/telegram/hook", oversized)).StatusCode);
        Assert.Equal(4, storing.Calls.Count);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/telegram/hook")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode); // from 127.0.0.1, an internal address
    }

    /// <summary>A stand-in for one instance: answers every webhook call with one status and keeps what it was sent.</summary>
    private sealed class StandIn(WebApplication app, int port) : IAsyncDisposable
    {
        public int Port => port;

        public ConcurrentQueue<(string Body, string Secret)> Calls { get; } = new();

        public static async Task<StandIn> StartAsync(int status)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            StandIn? self = null;
            app.MapPost("/telegram/hook", async (HttpContext http) =>
            {
                using var reader = new StreamReader(http.Request.Body);
                self!.Calls.Enqueue((await reader.ReadToEndAsync(), http.Request.Headers[WebhookIntake.SecretHeader].ToString()));
                return Results.StatusCode(status);
            });
            app.MapGet("/healthz", () => Results.StatusCode(status));
            await app.StartAsync();
            self = new StandIn(app, new Uri(app.Urls.Single()).Port);
            return self;
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public void The_proxy_refuses_bodies_at_the_bots_own_limit_and_retries_a_webhook_call_on_the_next_instance()
    {
        var conf = NginxConf();

        Assert.Equal($"{WebhookIntake.MaxBodyBytes / 1024}k", BodyLimit().Match(conf).Groups[1].Value);
        var retry = NextUpstream().Match(conf).Groups[1].Value.Split(' ');
        Assert.Contains("http_503", retry);
        Assert.Contains("non_idempotent", retry); // a POST is retried only with it; safe since storing is keyed by update_id
        Assert.Contains("location = /telegram/hook {", conf, StringComparison.Ordinal);
        Assert.Contains("ssl_certificate " + Nginx.CertificatePlaceholder + ";", conf, StringComparison.Ordinal);
        Assert.Contains("ssl_certificate_key " + Nginx.KeyPlaceholder + ";", conf, StringComparison.Ordinal);
    }

    [Fact]
    public void The_upstream_lists_the_ports_the_template_unit_gives_instances_1_and_2()
    {
        var unit = Shipped("deploy", "quizbot@.service");
        var urls = Regex.Match(unit, @"^Environment=Urls=(\S+)$", RegexOptions.Multiline).Groups[1].Value;
        Assert.Equal("http://127.0.0.1:808%i", urls);

        var servers = UpstreamServer().Matches(NginxConf()).Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(["127.0.0.1:8081", "127.0.0.1:8082"], servers);
        // Urls after EnvironmentFile: a Urls line in the shared settings cannot give two instances one port.
        Assert.True(unit.IndexOf("Environment=Urls=", StringComparison.Ordinal) > unit.IndexOf("EnvironmentFile=", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("quizbot.service")]
    [InlineData("quizbot@.service")]
    public void Both_systemd_units_keep_one_malloc_arena_and_read_the_settings_from_a_root_only_file(string unit)
    {
        var text = Shipped("deploy", unit);

        Assert.Contains("Environment=MALLOC_ARENA_MAX=1", text, StringComparison.Ordinal);
        Assert.Contains("EnvironmentFile=/etc/quizbot/quizbot.env", text, StringComparison.Ordinal);
        Assert.Contains("ExecStart=/usr/bin/dotnet /srv/quizbot/app/QuizBot.dll bot", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s*client_max_body_size (\S+);", RegexOptions.Multiline)]
    private static partial Regex BodyLimit();

    [GeneratedRegex(@"^\s*proxy_next_upstream ([^;]+);", RegexOptions.Multiline)]
    private static partial Regex NextUpstream();

    [GeneratedRegex(@"^\s*server (\d+\.\d+\.\d+\.\d+:\d+) ", RegexOptions.Multiline)]
    private static partial Regex UpstreamServer();
}
