using System.Text.RegularExpressions;
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
