using Dapper;
using QuizBot.Storage;
using QuizBot.Tests.Support;

namespace QuizBot.Tests;

public sealed class BackupTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public void Dispose() => _db.Dispose();

    private static AnswerRecord Answer(string pollId, long userId) =>
        Rows.Answer(pollId, userId, chatId: userId, correct: true, points: 10, at: 1);

    [Fact]
    public async Task A_backup_taken_while_the_database_is_in_use_restores_exactly_that_state()
    {
        var store = _db.Migrated();
        for (var i = 0; i < 100; i++) await store.TryRecordAnswerAsync(Answer($"p{i}", 7));
        var backup = System.IO.Path.Combine(_db.Folder, "backup.db");

        // A writer keeps going while the backup runs: the backup is one consistent snapshot.
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 100; !writing.IsCancellationRequested && i < 5000; i++) await store.TryRecordAnswerAsync(Answer($"p{i}", 8));
        });
        Backup.Save(_db.Database, backup);
        await writing.CancelAsync();
        await writer;

        long inBackup;
        using (var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={backup};Pooling=False"))
            inBackup = check.ExecuteScalar<long>("SELECT COUNT(*) FROM answers");
        Assert.True(inBackup >= 100);

        await store.TryRecordAnswerAsync(Answer("after-backup", 9));
        Backup.Restore(_db.Database, backup);
        using var c = _db.Database.Open();
        Assert.Equal(inBackup, c.ExecuteScalar<long>("SELECT COUNT(*) FROM answers"));
        Assert.Equal(0, c.ExecuteScalar<long>("SELECT COUNT(*) FROM answers WHERE poll_id = 'after-backup'"));
    }

    [Fact]
    public void A_backup_never_overwrites_an_existing_file()
    {
        _db.Migrated();
        var target = System.IO.Path.Combine(_db.Folder, "exists.db");
        File.WriteAllText(target, "keep me");
        Assert.Throws<IOException>(() => Backup.Save(_db.Database, target));
        Assert.Equal("keep me", File.ReadAllText(target));
    }

    [Fact]
    public void Restoring_a_file_that_is_not_a_database_changes_nothing()
    {
        _db.Migrated();
        var junk = System.IO.Path.Combine(_db.Folder, "junk.db");
        File.WriteAllText(junk, "this is not SQLite");
        Assert.ThrowsAny<Exception>(() => Backup.Restore(_db.Database, junk));
        using var c = _db.Database.Open();
        Assert.True(c.ExecuteScalar<long>("PRAGMA user_version") >= 1);
    }
}
