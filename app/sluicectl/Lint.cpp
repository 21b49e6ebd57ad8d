#include "Lint.h"

#include "JsonStream.h"
#include "queue/SqlText.h"
#include "review/PsqlScript.h"

#include <QFile>
#include <QTextStream>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace sluice::cli {

namespace {

struct Counts
{
    std::int64_t errors = 0, warnings = 0, infos = 0;
    void add(const review::Finding &f)
    {
        (f.severity == review::Severity::Error     ? errors
         : f.severity == review::Severity::Warning ? warnings
                                                   : infos)++;
    }
    Counts &operator+=(const Counts &other)
    {
        errors += other.errors;
        warnings += other.warnings;
        infos += other.infos;
        return *this;
    }
};

struct LintedFile
{
    QString path;
    QByteArray sql;
    QString readError;
    qint64 totalBytes = 0;
    // The psql script resolved and reviewed; its findings carry the file (included or not) they are in.
    review::PsqlReview review;
    // The file's part of the output, written on the core that reviewed it, and its findings by severity.
    std::string output;
    Counts counts;
};

QString qs(std::string_view s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

QString docsBase()
{
    const auto base = qEnvironmentVariable("SLUICE_RULE_DOCS_URL");
    return base.isEmpty() ? QStringLiteral("https://sluice.dev/rules/") : base;
}

std::string_view severityText(review::Severity s)
{
    return review::severityName(s);
}

// The line of text where a finding starts, without its newline.
std::string_view lineText(std::string_view text, const review::Finding &f)
{
    auto start = std::min(f.range.begin, text.size());
    while (start > 0 && text[start - 1] != '\n')
        --start;
    auto end = text.find('\n', start);
    if (end == std::string_view::npos)
        end = text.size();
    return text.substr(start, end - start);
}

// The name a finding's file is shown by: the path as given, or an included file's path.
QString pathOf(const LintedFile &file, const review::PsqlFinding &f)
{
    return f.source == 0 ? file.path : qs(file.review.script.sources()[f.source].name);
}

std::optional<review::Severity> maxSeverity(const LintedFile &file)
{
    std::optional<review::Severity> max;
    for (const auto &f : file.review.findings)
        max = std::max(max.value_or(f.finding.severity), f.finding.severity);
    return max;
}

void printText(QTextStream &out, const LintedFile &file)
{
    for (const auto &located : file.review.findings) {
        const auto &f = located.finding;
        const auto severity = qs(review::severityName(f.severity));
        out << pathOf(file, located) << ':' << f.start.line << ':' << f.start.column << ": " << severity
            << " [" << qs(f.ruleId) << "] " << qs(f.message) << '\n';
        const auto text = qs(lineText(file.review.script.sources()[located.source].text, f));
        const auto gutter = QString::number(f.start.line);
        out << "  " << gutter << " | " << text << '\n';
        const int from = f.start.column;
        const int to = f.end.line == f.start.line ? std::max(f.end.column, from + 1) : int(text.size()) + 1;
        out << "  " << QString(gutter.size(), QLatin1Char(' ')) << " | "
            << QString(from - 1, QLatin1Char(' ')) << QString(std::max(1, to - from), QLatin1Char('^'))
            << '\n';
        out << "  " << QString(gutter.size(), QLatin1Char(' ')) << " = help: " << qs(f.help) << "\n\n";
    }
}

QString textSummary(const Counts &counts, qsizetype files)
{
    return QStringLiteral("%1 error(s), %2 warning(s), %3 info in %4 file(s)\n")
        .arg(counts.errors)
        .arg(counts.warnings)
        .arg(counts.infos)
        .arg(files);
}

// The shape of docs/lint-json.md; a finding as model::findingToJson writes it.
void printJsonFile(JsonStream &json, const LintedFile &file)
{
    json.beginObject();
    json.key("findings");
    json.beginArray();
    for (const auto &located : file.review.findings) {
        const auto &f = located.finding;
        json.beginObject();
        json.member("byte_end", std::int64_t(f.range.end));
        json.member("byte_start", std::int64_t(f.range.begin));
        json.member("column", std::int64_t(f.start.column));
        json.member("end_column", std::int64_t(f.end.column));
        json.member("end_line", std::int64_t(f.end.line));
        if (located.source != 0)
            json.member("file", pathOf(file, located));
        json.member("help", std::string_view(f.help));
        json.member("line", std::int64_t(f.start.line));
        json.member("message", std::string_view(f.message));
        json.member("rule", std::string_view(f.ruleId));
        json.member("severity", severityText(f.severity));
        json.member("statement", std::int64_t(f.statementIndex) + 1);
        json.endObject();
    }
    json.endArray();
    const auto max = maxSeverity(file);
    json.member("max_severity", max ? severityText(*max) : std::string_view("none"));
    json.member("parse_ok", file.review.review.script.parses());
    json.member("path", file.path);
    json.member("statements", std::int64_t(file.review.review.statements.size()));
    json.endObject();
}

void printJsonSummary(JsonStream &json, const Counts &counts, qsizetype files)
{
    json.endArray();
    json.member("schema_version", std::int64_t(1));
    json.key("summary");
    json.beginObject();
    json.member("errors", counts.errors);
    json.member("files", std::int64_t(files));
    json.member("infos", counts.infos);
    json.member("warnings", counts.warnings);
    json.endObject();
    json.endObject();
    json.end();
}

std::string_view sarifLevel(review::Severity s)
{
    switch (s) {
    case review::Severity::Error:
        return "error";
    case review::Severity::Warning:
        return "warning";
    case review::Severity::Info:
        return "note";
    }
    return "warning";
}

void printSarif(const std::vector<LintedFile> &files, const QString &ruleDocsDir)
{
    JsonStream json;
    json.beginObject();
    json.member("$schema", std::string_view("https://json.schemastore.org/sarif-2.1.0.json"));
    json.key("runs");
    json.beginArray();
    json.beginObject();
    json.key("artifacts");
    json.beginArray();
    // One artifact per file given, then one per file they include; a result names its artifact by index.
    std::vector<std::vector<std::int64_t>> artifact(files.size());
    std::int64_t artifacts = 0;
    for (std::size_t fileIndex = 0; fileIndex < files.size(); ++fileIndex)
        artifact[fileIndex].push_back(artifacts++);
    for (std::size_t fileIndex = 0; fileIndex < files.size(); ++fileIndex) {
        for (std::size_t source = 1; source < files[fileIndex].review.script.sources().size(); ++source)
            artifact[fileIndex].push_back(artifacts++);
    }
    auto writeArtifact = [&](const QString &uri, std::size_t length) {
        json.beginObject();
        json.member("length", std::int64_t(length));
        json.key("location");
        json.beginObject();
        json.member("uri", uri);
        json.endObject();
        json.endObject();
    };
    for (const auto &file : files)
        writeArtifact(file.path, std::size_t(file.sql.size()));
    for (const auto &file : files) {
        const auto &sources = file.review.script.sources();
        for (std::size_t source = 1; source < sources.size(); ++source)
            writeArtifact(qs(sources[source].name), sources[source].text.size());
    }
    json.endArray();
    json.member("columnKind", std::string_view("unicodeCodePoints"));
    json.key("results");
    json.beginArray();
    const auto rules = review::allRules();
    std::unordered_map<std::string_view, std::int64_t> ruleIndex;
    for (std::size_t r = 0; r < rules.size(); ++r)
        ruleIndex.emplace(rules[r]->id, std::int64_t(r));
    for (std::size_t fileIndex = 0; fileIndex < files.size(); ++fileIndex) {
        const auto &file = files[fileIndex];
        for (const auto &located : file.review.findings) {
            const auto &f = located.finding;
            const auto uri = pathOf(file, located).toUtf8();
            const auto found = ruleIndex.find(f.ruleId);
            json.beginObject();
            json.member("level", sarifLevel(f.severity));
            json.key("locations");
            json.beginArray();
            json.beginObject();
            json.key("physicalLocation");
            json.beginObject();
            json.key("artifactLocation");
            json.beginObject();
            json.member("index", artifact[fileIndex][located.source]);
            json.member("uri", std::string_view(uri.constData(), std::size_t(uri.size())));
            json.endObject();
            json.key("region");
            json.beginObject();
            json.member("byteLength", std::int64_t(f.range.end - f.range.begin));
            json.member("byteOffset", std::int64_t(f.range.begin));
            json.member("endColumn", std::int64_t(std::max(f.end.column, 1)));
            json.member("endLine", std::int64_t(f.end.line));
            json.member("startColumn", std::int64_t(f.start.column));
            json.member("startLine", std::int64_t(f.start.line));
            json.endObject();
            json.endObject();
            json.endObject();
            json.endArray();
            json.key("message");
            json.beginObject();
            json.member("text", std::string_view(f.message));
            json.endObject();
            json.member("ruleId", std::string_view(f.ruleId));
            json.member("ruleIndex", found == ruleIndex.end() ? std::int64_t(0) : found->second);
            json.endObject();
            json.flushIfFull();
        }
    }
    json.endArray();
    json.key("tool");
    json.beginObject();
    json.key("driver");
    json.beginObject();
    json.member("informationUri", std::string_view("https://sluice.dev/"));
    json.member("name", std::string_view("sluice"));
    json.key("rules");
    json.beginArray();
    for (const review::Rule *rule : rules) {
        const auto id = qs(rule->id);
        json.beginObject();
        json.key("defaultConfiguration");
        json.beginObject();
        json.member("enabled", !rule->optIn);
        json.member("level", sarifLevel(rule->severity));
        json.endObject();
        json.key("fullDescription");
        json.beginObject();
        json.member("text", rule->help);
        json.endObject();
        json.key("help");
        json.beginObject();
        QFile doc(ruleDocsDir + QLatin1Char('/') + id + QStringLiteral(".md"));
        if (doc.open(QIODevice::ReadOnly)) {
            const auto markdown = doc.readAll();
            json.member("markdown", std::string_view(markdown.constData(), std::size_t(markdown.size())));
        }
        json.member("text", rule->help);
        json.endObject();
        json.member("helpUri", docsBase() + id);
        json.member("id", rule->id);
        json.member("name", rule->id);
        json.key("shortDescription");
        json.beginObject();
        json.member("text", rule->summary);
        json.endObject();
        json.endObject();
    }
    json.endArray();
    json.member("semanticVersion", std::string_view(SLUICE_VERSION));
    json.member("version", review::engineVersion());
    json.endObject();
    json.endObject();
    json.endObject();
    json.endArray();
    json.member("version", std::string_view("2.1.0"));
    json.endObject();
    json.end();
}

// Reads an open file or stdin to its end into file; false with readError set when it cannot be read.
bool readOpened(LintedFile &file, QFile &f)
{
    auto read = model::readBounded(f);
    file.sql = std::move(read.data);
    file.totalBytes = read.totalBytes;
    if (!read.ok)
        file.readError = f.errorString();
    return read.ok;
}

bool readFile(LintedFile &file)
{
    QFile f(file.path);
    if (!f.open(QIODevice::ReadOnly)) {
        file.readError = f.errorString();
        return false;
    }
    return readOpened(file, f);
}

// Reads a file that a psql script includes, with the checks of a file given on the command line.
std::optional<std::string> readIncluded(const std::string &path, std::string *error)
{
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) {
        *error = f.errorString().toStdString();
        return std::nullopt;
    }
    const auto read = model::readBounded(f);
    if (!read.ok) {
        *error = f.errorString().toStdString();
        return std::nullopt;
    }
    if (const auto valid = model::validateSqlText(read.data, read.totalBytes); !valid) {
        *error = valid.error().message.toStdString();
        return std::nullopt;
    }
    return read.data.toStdString();
}

// Runs task(i) for every i < count on every core.
template <class Task> void onEveryCore(std::size_t count, Task &&task)
{
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t i = next++; i < count; i = next++)
            task(i);
    };
    const auto threads = std::max(1u, std::min(std::thread::hardware_concurrency(), unsigned(count)));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back(work);
    work();
    for (auto &t : pool)
        t.join();
}

// Reviews the files on every core, one file per task. `format` writes a file's output on the core that
// reviewed it, which then releases the file's text and review unless `keepAll`; `done` is given each file in
// the order given as soon as it and the ones before it are ready, so that output streams while later files
// are reviewed.
template <class Format, class Done>
void lintFiles(std::vector<LintedFile> &files, const LintOptions &options, bool keepAll, Format &&format,
               Done &&done)
{
    const auto count = files.size();
    std::vector<char> reviewed(count, 0);
    std::mutex mutex;
    std::condition_variable ready;
    std::thread workers([&] {
        onEveryCore(count, [&](std::size_t i) {
            auto &file = files[i];
            review::PsqlScript::Options psql;
            psql.variables = options.variables;
            psql.read = readIncluded;
            file.review =
                review::lintPsql(file.path.toStdString(), file.sql.toStdString(), psql, options.config);
            for (const auto &f : file.review.findings)
                file.counts.add(f.finding);
            format(file);
            if (!keepAll) {
                file.review = {};
                file.sql = {};
            }
            {
                const std::lock_guard lock(mutex);
                reviewed[i] = 1;
            }
            ready.notify_one();
        });
    });
    for (std::size_t i = 0; i < count; ++i) {
        {
            std::unique_lock lock(mutex);
            ready.wait(lock, [&] { return reviewed[i] != 0; });
        }
        done(files[i]);
        std::string().swap(files[i].output);
    }
    workers.join();
}

void write(std::string_view bytes)
{
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
}

} // namespace

int runLint(const LintOptions &options)
{
    std::vector<LintedFile> files(std::size_t(options.paths.size()));
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto &path = options.paths[qsizetype(i)];
        files[i].path = path == QLatin1String("-") ? QStringLiteral("<stdin>") : path;
    }
    // Read every file (on every core) before any output: a file that cannot be read means no output at all.
    std::vector<char> unreadable(files.size(), 0);
    onEveryCore(files.size(), [&](std::size_t i) {
        if (options.paths[qsizetype(i)] != QLatin1String("-"))
            unreadable[i] = !readFile(files[i]);
    });
    for (std::size_t i = 0; i < files.size(); ++i) {
        const auto &path = options.paths[qsizetype(i)];
        if (path == QLatin1String("-")) {
            QFile f;
            if (!f.open(stdin, QIODevice::ReadOnly))
                files[i].readError = f.errorString(), unreadable[i] = 1;
            else
                unreadable[i] = !readOpened(files[i], f);
        }
        if (unreadable[i]) {
            std::fprintf(stderr, "sluicectl: cannot read %s: %s\n", qPrintable(path),
                         qPrintable(files[i].readError));
            return 2;
        }
        // The same checks as submit: what the queue would refuse is not linted as if it were clean.
        if (const auto valid = model::validateSqlText(files[i].sql, files[i].totalBytes); !valid) {
            std::fprintf(stderr, "sluicectl: %s: %s; nothing was linted\n", qPrintable(files[i].path),
                         qPrintable(valid.error().message));
            return 2;
        }
    }

    Counts counts;
    auto add = [&counts](const LintedFile &file) { counts += file.counts; };
    if (options.format == QLatin1String("json")) {
        JsonStream json;
        json.beginObject();
        json.member("engine", review::engineVersion());
        json.key("files");
        json.beginArray();
        lintFiles(
            files, options, false,
            [depth = json.depth()](LintedFile &file) {
                // A file is an element of the "files" array.
                JsonStream part(depth);
                printJsonFile(part, file);
                file.output = part.take();
            },
            [&](const LintedFile &file) {
                json.element(file.output);
                json.flushIfFull();
                add(file);
            });
        printJsonSummary(json, counts, qsizetype(files.size()));
    } else if (options.format == QLatin1String("sarif")) {
        lintFiles(
            files, options, true, [](LintedFile &) {}, add);
        printSarif(files, options.ruleDocsDir);
    } else {
        lintFiles(
            files, options, false,
            [](LintedFile &file) {
                QByteArray bytes;
                {
                    QTextStream out(&bytes);
                    printText(out, file);
                }
                file.output.assign(bytes.constData(), std::size_t(bytes.size()));
            },
            [&](const LintedFile &file) {
                write(file.output);
                add(file);
            });
        const auto summary = textSummary(counts, qsizetype(files.size())).toUtf8();
        write(std::string_view(summary.constData(), std::size_t(summary.size())));
    }
    std::fflush(stdout);
    return counts.errors > 0 ? 1 : 0;
}

} // namespace sluice::cli
