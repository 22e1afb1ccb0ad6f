using QuizBot.Storage;
using Dapper;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

/// <summary>Learners' reports in storage (007_reports.sql): one row per person and question, deleted by /forget.</summary>
public abstract class ReportStoreTests : IDisposable
{
    private readonly TempDatabase _db;

    private protected ReportStoreTests(StorageProvider provider) => _db = new(provider);

    public void Dispose() => _db.Dispose();

    private List<(string, long, string?, long, long)> Rows()
    {
        using var c = _db.Storage.Connect();
        return c.Query<(string, long, string?, long, long)>(
            "SELECT question_id, user_id, note, reported_at, updated_at FROM reports ORDER BY 1, 2").AsList();
    }

    [Fact]
    public async Task Reporting_a_question_again_updates_the_one_row_and_a_press_without_a_note_keeps_the_note()
    {
        var store = _db.Migrated();
        await store.Reports.SaveReportAsync("s1-cloze-01", 7, null, 1000);
        await store.Reports.SaveReportAsync("s1-cloze-01", 7, "答案不对", 2000);
        await store.Reports.SaveReportAsync("s1-cloze-01", 7, null, 3000);
        await store.Reports.SaveReportAsync("s1-cloze-01", 8, null, 4000);
        Assert.Equal([("s1-cloze-01", 7L, (string?)"答案不对", 1000L, 3000L), ("s1-cloze-01", 8L, null, 4000L, 4000L)], Rows());

        await store.Reports.SaveReportAsync("s1-cloze-01", 7, "选项有歧义", 5000);
        Assert.Equal("选项有歧义", Rows()[0].Item3);
    }

    [Fact]
    public async Task Forget_deletes_only_the_persons_reports()
    {
        var store = _db.Migrated();
        await store.Reports.SaveReportAsync("s1-cloze-01", 7, "答案不对", 1000);
        await store.Reports.SaveReportAsync("s2-judge-01", 7, null, 1000);
        await store.Reports.SaveReportAsync("s1-cloze-01", 8, null, 1000);
        await store.People.ForgetUserAsync(7, 2000);
        Assert.Equal([("s1-cloze-01", 8L, (string?)null, 1000L, 1000L)], Rows());
    }
}

public sealed class ReportStoreTestsOnSqlite() : ReportStoreTests(StorageProvider.Sqlite);

public sealed class ReportStoreTestsOnPostgres() : ReportStoreTests(StorageProvider.Postgres);
