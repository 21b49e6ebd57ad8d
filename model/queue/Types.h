#pragma once

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <optional>

namespace sluice::model {

using ChangeId = qint64;

// Who the connection is: the PostgreSQL login and the Sluice roles it holds.
struct Identity
{
    QString login;
    QStringList roles;
    QString database;
    QString server;
    int schemaVersion = 0;

    [[nodiscard]] bool hasRole(const QString &role) const { return roles.contains(role); }
};

struct Target
{
    QString name;
    QString environment;
    QStringList tags;
};

// A row of the queue: a change with its latest revision and the state of its review.
struct ChangeSummary
{
    ChangeId id = 0;
    QString title;
    QString reason;
    QString agent;
    QString onBehalfOf;
    QString status;
    QString target;
    QString environment;
    int revision = 0;
    QString sha256;
    // 'unreviewed' until sluiced stores a review; then none, info, warning or error.
    QString maxSeverity;
    std::optional<bool> parseOk;
    int approvals = 0;
    int requiredApprovals = 1;
    QDateTime createdAt;
    QDateTime updatedAt;
};

struct Revision
{
    int number = 0;
    QString sql;
    QString sha256;
    QString author;
    QDateTime createdAt;
    // The psql script sql was resolved from (kept for the diff view, never run); empty for plain SQL.
    QString source;
};

struct Review
{
    int revision = 0;
    QString sha256;
    QString engineVersion;
    bool parseOk = true;
    QString maxSeverity;
    QJsonArray findings;
    QDateTime reviewedAt;
};

// The blast radius, rollback plan, schema diff and probe findings of one revision on one target
// (docs/analysis.md), stored by sluiced bound to the revision's sha256.
struct Analysis
{
    int revision = 0;
    QString sha256;
    QString target;
    QString analyzerVersion;
    QString risk; // low, moderate, high, critical
    QJsonObject document;
    QDateTime analysedAt;
};

struct Decision
{
    int revision = 0;
    QString sha256;
    QString decision;
    QString comment;
    QString decidedBy;
    QDateTime decidedAt;
    bool voided = false;
    QJsonArray overrides;
};

struct ExecutionStep
{
    int ordinal = 0;
    int byteStart = 0;
    int byteEnd = 0;
    // succeeded, failed, rolled_back, not_run; started while its outcome is not recorded yet; in_doubt when
    // its runner went away and the target could not tell.
    QString outcome;
    QString error;
    std::optional<qint64> rowsAffected;
    double durationMs = 0;
    // The target transaction it ran in (txid_current()), when it ran in one: its commit decides the outcome.
    std::optional<qint64> targetXid;
};

struct Execution
{
    qint64 id = 0;
    int revision = 0;
    QString sha256;
    QString target;
    QString claimedBy;
    QString instance;
    QString status;
    QString error;
    QDateTime startedAt;
    QDateTime finishedAt;
    QList<ExecutionStep> steps;
    int resumeFrom = 1; // the first statement it ran (a retry resumes after what ran before)
    int inDoubt = 0;    // the first statement whose outcome nobody knows yet; 0 when none
    QString resolution; // a DBA's: ran_through, retry or cancel
    QString resolvedBy;
};

// A running execution whose runner is gone (no queue session holds its lock), with what it recorded.
struct OrphanedExecution
{
    qint64 executionId = 0;
    ChangeId changeId = 0;
    QString target;
    QList<ExecutionStep> steps;
};

struct ChangeDetail
{
    ChangeSummary summary;
    QList<Revision> revisions;
    QList<Review> reviews;
    QList<Analysis> analyses; // latest per revision and target
    QList<Decision> decisions;
    QList<Execution> executions;
};

struct SubmitRequest
{
    QString target;
    QString title;
    QString reason;
    QString onBehalfOf;
    QByteArray sql;
};

struct AuditRow
{
    qint64 seq = 0;
    QDateTime at;
    QString actor;
    QString onBehalfOf;
    QString action;
    std::optional<qint64> changeId;
    QString revisionSha256;
    QJsonObject details;
    QByteArray prevHash;
    QByteArray hash;
};

struct AuditVerification
{
    qint64 rowsChecked = 0;
    QByteArray headHash;
    // Set when the chain is broken: the first row that does not check out, and why.
    std::optional<qint64> firstBrokenSeq;
    QString problem;

    [[nodiscard]] bool intact() const { return !firstBrokenSeq.has_value(); }
};

// Work handed to one sluiced instance: an approved change, claimed so no other instance runs it.
struct ClaimedExecution
{
    qint64 executionId = 0;
    ChangeId changeId = 0;
    int revision = 0;
    QString target;
    QByteArray sql;
    QString approvedSha256;
};

struct PendingReview
{
    qint64 revisionId = 0;
    ChangeId changeId = 0;
    QString sha256;
    QByteArray sql;
    // The environment of the change's target: the review uses that environment's rule configuration.
    QString environment;
};

struct PendingAnalysis
{
    qint64 revisionId = 0;
    ChangeId changeId = 0;
    int revision = 0;
    QString sha256;
    QByteArray sql;
    QString target;
    QString environment;
};

// What an admin says about a table or column of a target: hot, pii, financial, ...
struct RelationTag
{
    QString relation; // schema.table
    QString column;   // empty for the whole table
    QString tag;
};

// Bytes per second the target's server rewrote, scanned and indexed when sluiced measured it.
struct Throughput
{
    double rewriteBytesPerSecond = 0;
    double scanBytesPerSecond = 0;
    double indexBytesPerSecond = 0;
    QString serverVersion;
};

// An approver's written reason for going ahead despite one error-severity finding (rule at line).
struct FindingOverride
{
    QString rule;
    int line = 0;
    QString reason;
};

} // namespace sluice::model
