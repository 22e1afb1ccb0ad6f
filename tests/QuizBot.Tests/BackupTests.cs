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
        for (var i = 0; i < 100; i++) await store.Answers.TryRecordAnswerAsync(Answer($"p{i}", 7));
        var backup = System.IO.Path.Combine(_db.Folder, "backup.db");

        // A writer keeps going while the backup runs: the backup is one consistent snapshot.
        using var writing = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 100; !writing.IsCancellationRequested && i < 5000; i++) await store.Answers.TryRecordAnswerAsync(Answer($"p{i}", 8));
        });
        Backup.Save(_db.Database, backup);
        await writing.CancelAsync();
        await writer;

        long inBackup;
        using (var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={backup};Pooling=False"))
            inBackup = check.ExecuteScalar<long>("SELECT COUNT(*) FROM answers");
        Assert.True(inBackup >= 100);

        await store.Answers.TryRecordAnswerAsync(Answer("after-backup", 9));
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

    [Fact]
    public void A_backup_file_is_readable_and_writable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows()) return; // file modes are a Unix notion; on Windows the folder's ACL applies
        _db.Migrated();
        var backup = System.IO.Path.Combine(_db.Folder, "private.db");
        Backup.Save(_db.Database, backup);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(backup));
    }

    [Fact]
    public async Task Restore_refuses_while_another_connection_has_the_database_open_and_goes_through_once_it_is_closed()
    {
        var store = _db.Migrated();
        await store.Answers.TryRecordAnswerAsync(Answer("in-backup", 7));
        var backup = System.IO.Path.Combine(_db.Folder, "backup.db");
        Backup.Save(_db.Database, backup);
        await store.Answers.TryRecordAnswerAsync(Answer("after-backup", 7));

        // Like the terminal play mode or a sqlite3 shell left open on the live database.
        using (var other = new Microsoft.Data.Sqlite.SqliteConnection($"{_db.ConnectionString};Pooling=False"))
        {
            other.Open();
            Assert.Equal(2, other.ExecuteScalar<long>("SELECT COUNT(*) FROM answers"));
            var error = Assert.Throws<IOException>(() => Backup.Restore(_db.Database, backup));
            Assert.Contains("open", error.Message, StringComparison.Ordinal);
            Assert.Equal(1, other.ExecuteScalar<long>("SELECT COUNT(*) FROM answers WHERE poll_id = 'after-backup'"));
        }

        Backup.Restore(_db.Database, backup);
        using var c = _db.Database.Open();
        Assert.Equal(0, c.ExecuteScalar<long>("SELECT COUNT(*) FROM answers WHERE poll_id = 'after-backup'"));
        Assert.Equal(1, c.ExecuteScalar<long>("SELECT COUNT(*) FROM answers WHERE poll_id = 'in-backup'"));
    }
}
