#pragma once

#include "CatalogFacts.h"
#include "Config.h"
#include "Engine.h"
#include "Finding.h"

#include <cstddef>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sluice::review {

// One file of a psql script: the file given is source 0, the files it includes (\i, \ir) follow.
struct PsqlSource
{
    std::string name;
    std::string text;
};

// A finding located in one of a psql script's files: range, start and end are in that file's text.
struct PsqlFinding
{
    Finding finding;
    std::size_t source = 0;
    // Where it is in the resolved SQL: findings are ordered as the script runs.
    std::size_t sqlOffset = 0;
};

// The psql front end. Migration files are often psql scripts: meta-commands (\set, \i, \if ...) and
// variables (:name, :'name', :"name") that psql handles on the client before any SQL reaches the server.
// resolve() does what psql would do with them and yields the plain SQL that runs: variables substituted, the
// \if branches that are taken, included files spliced in, output-only commands dropped. What it cannot
// resolve (an unset variable, \connect, a condition known only at run time...) is a problem, reported as a
// finding at its place in its file.
//
// The SQL keeps the original's lines: every meta-command becomes a `-- psql:` comment on its own line and the
// lines of a branch not taken are commented out, so that line N of the SQL is line N of the file (unless a
// --set value holds a newline, or a file is included). locate() maps any offset of the SQL back to its file.
class PsqlScript
{
public:
    // Reads an included file: its text, or std::nullopt with *error set to why it cannot be read.
    using Reader = std::function<std::optional<std::string>(const std::string &path, std::string *error)>;

    struct Options
    {
        // Variables set before the script runs (sluicectl --set NAME=VALUE, psql's -v).
        std::map<std::string, std::string> variables;
        // Follows \i and \ir; without one they are problems (the queue stores one self-contained text).
        Reader read;
        // The directory \i paths are relative to (psql's working directory); empty: as written.
        std::string workingDirectory;
    };

    [[nodiscard]] static PsqlScript resolve(std::string name, std::string text, const Options &options);

    // The plain SQL that runs.
    [[nodiscard]] const std::string &sql() const { return m_sql; }
    // Whether the text used psql's syntax at all; when not, sql() is the text itself.
    [[nodiscard]] bool usesPsql() const { return m_usesPsql; }
    [[nodiscard]] const std::vector<PsqlSource> &sources() const { return m_sources; }
    // What stops the script from resolving; none when sql() is exactly what psql would run.
    [[nodiscard]] const std::vector<PsqlFinding> &problems() const { return m_problems; }

    // Maps findings on sql() into the files (with their own lines and columns), adds the problems the
    // configuration keeps, and sorts them by file and position.
    [[nodiscard]] std::vector<PsqlFinding> locate(std::vector<Finding> findings, const Config &config) const;

private:
    friend class PsqlResolver;

    // A run of sql() that comes from one place of one file: copied byte for byte when exact, otherwise made
    // (a substituted value, a comment marker) and located at sourceOffset.
    struct Segment
    {
        std::size_t sqlOffset;
        std::size_t source;
        std::size_t sourceOffset;
        bool exact;
    };
    struct Location
    {
        std::size_t source;
        std::size_t offset;
    };
    [[nodiscard]] Location locateOffset(std::size_t sqlOffset) const;

    std::string m_sql;
    bool m_usesPsql = false;
    std::vector<PsqlSource> m_sources;
    std::vector<PsqlFinding> m_problems;
    std::vector<Segment> m_segments;
};

// A psql script reviewed: the script resolved, the review of its SQL, and the findings in its files.
struct PsqlReview
{
    PsqlScript script;
    Review review;
    std::vector<PsqlFinding> findings;
};

// Resolves a psql script, reviews the SQL that runs and locates the findings in the script's files.
[[nodiscard]] PsqlReview lintPsql(std::string name, std::string text, const PsqlScript::Options &options,
                                  const Config &config = {}, const CatalogFacts *catalog = nullptr);

} // namespace sluice::review
