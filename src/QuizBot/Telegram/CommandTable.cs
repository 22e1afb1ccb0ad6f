using Telegram.Bot.Types;

namespace QuizBot.Telegram;

/// <summary>Where a command is offered.</summary>
[Flags]
internal enum CommandScope
{
    Private = 1,
    Group = 2,
    Both = Private | Group,
}

/// <summary>
/// One command: where it is offered, whether only group administrators may use it in a group, whether its reply only shows
/// something (such replies are dropped first when a chat floods, and never sent late: <see cref="ChatterGate"/>), its menu
/// lines and its line of /help.
/// </summary>
internal sealed record CommandSpec(
    string Name, CommandScope Scopes, bool AdminsInGroups, bool ShowOnly, string? PrivateMenu, string? GroupMenu, string Help);

/// <summary>
/// The one list of commands (issue 15): the router answers these and no others (in groups, others are another bot's),
/// /help lists them, and the private and group menus registered with Telegram are built from it. The router's switch then
/// sends each to its handler.
/// </summary>
internal static class CommandTable
{
    public static readonly IReadOnlyList<CommandSpec> All =
    [
        new("start", CommandScope.Both, false, true, null, null, Texts.HelpStart),
        new("quiz", CommandScope.Both, true, false, Texts.MenuQuizPrivate, Texts.MenuQuizGroup, Texts.HelpQuiz),
        new("stop", CommandScope.Both, true, false, Texts.MenuStopPrivate, Texts.MenuStopGroup, Texts.HelpStop),
        new("me", CommandScope.Both, false, true, Texts.MenuMe, Texts.MenuMe, Texts.HelpMe),
        new("top", CommandScope.Both, false, true, Texts.MenuTopPrivate, Texts.MenuTopGroup, Texts.HelpTop),
        new("scoring", CommandScope.Group, true, false, null, Texts.MenuScoring, Texts.HelpScoring),
        new("daily", CommandScope.Both, true, false, Texts.MenuDailyPrivate, Texts.MenuDailyGroup, Texts.HelpDaily),
        new("stats", CommandScope.Group, true, true, null, Texts.MenuStats, Texts.HelpStats),
        new("export", CommandScope.Group, true, false, null, Texts.MenuExport, Texts.HelpExport),
        new("review", CommandScope.Private, false, false, Texts.MenuReview, null, Texts.HelpReview),
        new("forget", CommandScope.Private, false, false, Texts.MenuForget, null, Texts.HelpForget),
        new("help", CommandScope.Both, false, true, Texts.MenuHelp, Texts.MenuHelp, Texts.HelpHelp),
    ];

    private static readonly Dictionary<string, CommandSpec> ByName = All.ToDictionary(c => c.Name);

    public static CommandSpec? Find(string name) => ByName.GetValueOrDefault(name);

    public static bool IsKnown(string name) => ByName.ContainsKey(name);

    /// <summary>A menu for setMyCommands, in the table's order (quiz first: /start is left out, Telegram offers it).</summary>
    public static BotCommand[] Menu(CommandScope scope) =>
        [.. All.Select(c => (c, Line: scope == CommandScope.Private ? c.PrivateMenu : c.GroupMenu))
            .Where(x => x.Line is not null)
            .Select(x => new BotCommand(x.c.Name, x.Line!))];

    /// <summary>The /help text: the private chat's commands, then what group administrators can do.</summary>
    public static string HelpText() => Texts.HelpPage(
        All.Where(c => c.Scopes.HasFlag(CommandScope.Private) && c.Name != "start").Select(c => c.Help),
        All.Where(c => c.Scopes.HasFlag(CommandScope.Group) && c.AdminsInGroups).Select(c => c.Help));
}
