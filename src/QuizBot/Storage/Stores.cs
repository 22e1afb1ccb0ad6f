namespace QuizBot.Storage;

/// <summary>
/// The subject stores of one database, built together so they share its one writer (<see cref="GroupCommit"/>) and their
/// memories of what was written. The host registers each subject on its own (QuizBotServices), so a class asks for the
/// subject it needs, not for this; tests build one of these over their own database.
/// </summary>
internal sealed class Stores
{
    public Stores(IDatabase db)
    {
        Writes = new GroupCommit(db);
        Rounds = new RoundStore(db, Writes);
        Scores = new ScoreStore(db, Writes);
        Tallies = new TallyStore(db, Writes);
        Learning = new LearningStore(db, Writes);
        Answers = new AnswerStore(db, Writes, Scores, Tallies, Learning);
        Daily = new DailyStore(db, Writes);
        Chats = new ChatStore(db, Writes, Rounds);
        People = new PeopleStore(db, Writes, Chats);
        Reports = new ReportStore(Writes);
        Inbox = new InboxStore(db, Writes);
    }

    public GroupCommit Writes { get; }
    public RoundStore Rounds { get; }
    public AnswerStore Answers { get; }
    public ScoreStore Scores { get; }
    public TallyStore Tallies { get; }
    public LearningStore Learning { get; }
    public DailyStore Daily { get; }
    public ChatStore Chats { get; }
    public PeopleStore People { get; }
    public ReportStore Reports { get; }
    public InboxStore Inbox { get; }
}

internal static class StoreServices
{
    /// <summary>Registers the subject stores of the host's database (<see cref="IDatabase"/>, either provider), each on its own.</summary>
    public static IServiceCollection AddStores(this IServiceCollection services)
    {
        services.AddSingleton(sp => new Stores(sp.GetRequiredService<IDatabase>()));
        services.AddSingleton(sp => sp.GetRequiredService<Stores>().Rounds);
        services.AddSingleton(sp => sp.GetRequiredService<Stores>().Answers);
        services.AddSingleton(sp => sp.GetRequiredService<Stores>().Scores);
        services.AddSingleton(sp => sp.GetRequiredService<Stores>().Tallies);
        services.AddSingleton(sp => sp.GetRequiredService<Stores>().Learning);
        services.AddSingleton(sp => sp.GetRequiredService<Stores>().Daily);
        services.AddSingleton(sp => sp.GetRequiredService<Stores>().Chats);
        services.AddSingleton(sp => sp.GetRequiredService<Stores>().People);
        services.AddSingleton(sp => sp.GetRequiredService<Stores>().Reports);
        services.AddSingleton(sp => sp.GetRequiredService<Stores>().Inbox);
        return services;
    }
}
