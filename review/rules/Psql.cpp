// psql rules: reported by the psql front end (PsqlScript) while it resolves a psql script into the SQL that
// runs, registered here so that they have an id, a severity, help and a doc page like every other rule.

#include "Rule.h"

namespace sluice::review::rules {

extern const Rule psqlUnsetVariable{
    "psql-unset-variable",
    Severity::Error,
    false,
    "A psql variable (:name, :'name', :\"name\") with no value the review can know.",
    "psql sends an unset variable's reference as written, and a variable set from a query (\\gset), a prompt "
    "or "
    "a shell command has a value only when the script runs: either way the SQL that runs is not the SQL that "
    "was "
    "reviewed. Set it with \\set or sluicectl --set NAME=VALUE, or write the value out.",
    nullptr,
    nullptr};

extern const Rule psqlUnsafeMetaCommand{
    "psql-unsafe-meta-command",
    Severity::Error,
    false,
    "A psql meta-command that changes what runs where: \\connect, \\gexec, \\!, \\copy, backquotes.",
    "\\connect moves the rest of the script to another database, \\gexec runs SQL that a query produces, \\! "
    "and "
    "backquotes run shell commands, \\copy loads rows from a client file: none of it is in the reviewed "
    "text. "
    "Submit one change per database, and write the SQL out.",
    nullptr,
    nullptr};

extern const Rule psqlUnsupportedMetaCommand{
    "psql-unsupported-meta-command",
    Severity::Error,
    false,
    "A backslash command psql does not know, or one whose effect the review cannot follow.",
    "psql stops at a command it does not know; \\gdesc, \\r, \\cd and the editor commands change what runs "
    "in "
    "ways a text review cannot see. Remove the command, or write out the SQL it stands for.",
    nullptr,
    nullptr};

extern const Rule psqlIncludeFailed{
    "psql-include-failed",
    Severity::Error,
    false,
    "An \\i or \\ir that cannot be followed: a missing file, a cycle, or a submission.",
    "Linting from disk follows \\i (relative to the working directory) and \\ir (relative to the including "
    "file); a file that cannot be read, or that includes itself, leaves part of the script unreviewed. The "
    "queue stores one self-contained text per revision, so a submission cannot include files: paste them in.",
    nullptr,
    nullptr};

extern const Rule psqlInvalidConditional{
    "psql-invalid-conditional",
    Severity::Error,
    false,
    "A psql \\if whose branch the review cannot decide, or an unbalanced \\if/\\elif/\\else/\\endif.",
    "psql takes the branch of the first true condition. A condition that is not a boolean stops psql, one "
    "known "
    "only when the script runs (a \\gset variable) leaves the review unable to say which SQL runs, and an "
    "unmatched \\endif or a missing one stops psql. Use constant booleans (true/false, on/off, yes/no, 1/0), "
    "set with \\set or --set.",
    nullptr,
    nullptr};

} // namespace sluice::review::rules
