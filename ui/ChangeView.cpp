#include "ChangeView.h"

#include "BlastRadiusPane.h"
#include "DecisionDialog.h"
#include "RollbackPane.h"
#include "SchemaDiffPane.h"
#include "SqlEditor.h"
#include "Theme.h"
#include "items/FindingListModel.h"
#include "review/TextDiff.h"

#include <QComboBox>
#include <QFile>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QStackedLayout>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <numeric>

namespace sluice::ui {

namespace {

QString shortSha(const QString &sha)
{
    return sha.left(12);
}

QString when(const QDateTime &t)
{
    return t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

ChangeView::ChangeView(QWidget *parent)
    : QWidget(parent), m_title(new QLabel(this)), m_status(new QLabel(this)), m_meta(new QLabel(this)),
      m_notice(new QLabel(this)), m_tabs(new QTabWidget(this)), m_sql(new SqlEditor(this)),
      m_findings(new QTableView(this)), m_ruleDoc(new QTextBrowser(this)),
      m_findingModel(new model::FindingListModel(this)), m_diffFrom(new QComboBox(this)),
      m_diffTo(new QComboBox(this)), m_diff(new SqlEditor(this)), m_history(new QTextBrowser(this)),
      m_analysis(new QComboBox(this)), m_analysisInfo(new QLabel(this)),
      m_blastRadius(new BlastRadiusPane(this)), m_rollback(new RollbackPane(this)),
      m_schemaDiff(new SchemaDiffPane(this)), m_approve(new QPushButton(tr("&Approve…"), this)),
      m_reject(new QPushButton(tr("&Reject…"), this)), m_body(new QWidget(this)),
      m_placeholder(new QLabel(this))
{
    auto *stack = new QStackedLayout(this);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    stack->addWidget(m_placeholder);
    stack->addWidget(m_body);

    auto *layout = new QVBoxLayout(m_body);
    layout->setContentsMargins(8, 4, 8, 8);
    auto *header = new QHBoxLayout;
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    header->addWidget(m_title, 1);
    header->addWidget(m_status);
    layout->addLayout(header);
    m_meta->setWordWrap(true);
    m_meta->setTextFormat(Qt::RichText);
    m_meta->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_meta);
    m_notice->setWordWrap(true);
    m_notice->setVisible(false);
    m_notice->setAccessibleName(tr("Last action"));
    m_notice->setObjectName(QStringLiteral("notice"));
    layout->addWidget(m_notice);

    // SQL with findings.
    auto *sqlSplit = new QSplitter(Qt::Vertical, this);
    sqlSplit->addWidget(m_sql);
    m_findings->setModel(m_findingModel);
    m_findings->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_findings->setSelectionMode(QAbstractItemView::SingleSelection);
    m_findings->verticalHeader()->hide();
    m_findings->horizontalHeader()->setStretchLastSection(true);
    m_findings->setWordWrap(false);
    m_findings->setAccessibleName(tr("Findings"));
    // The selected finding's rule page beside the list: why it matters and what to do instead.
    m_ruleDoc->setAccessibleName(tr("Rule documentation"));
    m_ruleDoc->setOpenExternalLinks(false);
    m_ruleDoc->setPlaceholderText(tr("Select a finding to read its rule."));
    auto *findingsSplit = new QSplitter(Qt::Horizontal, this);
    findingsSplit->addWidget(m_findings);
    findingsSplit->addWidget(m_ruleDoc);
    findingsSplit->setStretchFactor(0, 3);
    findingsSplit->setStretchFactor(1, 2);
    sqlSplit->addWidget(findingsSplit);
    sqlSplit->setStretchFactor(0, 3);
    sqlSplit->setStretchFactor(1, 2);
    m_tabs->addTab(sqlSplit, tr("S&QL"));
    connect(
        m_findings->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
        [this](const QModelIndex &i) {
            if (!i.isValid())
                return;
            m_sql->revealByte(i.data(model::FindingListModel::ByteStartRole).toInt(),
                              i.data(model::FindingListModel::ByteEndRole).toInt());
            QFile doc(
                QStringLiteral(":/rules/%1.md").arg(i.data(model::FindingListModel::RuleRole).toString()));
            if (doc.open(QIODevice::ReadOnly))
                m_ruleDoc->setMarkdown(QString::fromUtf8(doc.readAll()));
            else
                m_ruleDoc->setPlainText(i.data(Qt::ToolTipRole).toString());
        });

    // Diff between any two revisions.
    auto *diffPage = new QWidget(this);
    auto *diffLayout = new QVBoxLayout(diffPage);
    diffLayout->setContentsMargins(0, 4, 0, 0);
    auto *pick = new QHBoxLayout;
    auto *fromLabel = new QLabel(tr("&From"), diffPage);
    fromLabel->setBuddy(m_diffFrom);
    auto *toLabel = new QLabel(tr("&To"), diffPage);
    toLabel->setBuddy(m_diffTo);
    for (auto *label : {fromLabel, toLabel})
        label->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Preferred);
    for (auto *combo : {m_diffFrom, m_diffTo}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(16);
    }
    m_diffFrom->setAccessibleName(tr("Diff from revision"));
    m_diffTo->setAccessibleName(tr("Diff to revision"));
    pick->addWidget(fromLabel);
    pick->addWidget(m_diffFrom, 1);
    pick->addWidget(toLabel);
    pick->addWidget(m_diffTo, 1);
    diffLayout->addLayout(pick);
    diffLayout->addWidget(m_diff);
    m_tabs->addTab(diffPage, tr("&Diff"));
    connect(m_diffFrom, &QComboBox::currentIndexChanged, this, &ChangeView::updateDiff);
    connect(m_diffTo, &QComboBox::currentIndexChanged, this, &ChangeView::updateDiff);

    // What sluiced found out on the target: one analysis per revision and target, picked in a bar that moves
    // to the top of whichever analysis tab is shown.
    m_analysisBar = new QWidget(this);
    auto *barLayout = new QHBoxLayout(m_analysisBar);
    barLayout->setContentsMargins(0, 6, 0, 0);
    auto *analysisLabel = new QLabel(tr("Anal&ysis"), m_analysisBar);
    analysisLabel->setBuddy(m_analysis);
    m_analysis->setAccessibleName(tr("Analysis: revision and target"));
    m_analysis->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_analysisInfo->setAccessibleName(tr("When and by which analyser"));
    barLayout->addWidget(analysisLabel);
    barLayout->addWidget(m_analysis);
    barLayout->addWidget(m_analysisInfo, 1);
    QList<QWidget *> analysisPages;
    for (const auto &[pane, title] : {std::pair<QWidget *, QString>{m_blastRadius, tr("&Blast radius")},
                                      std::pair<QWidget *, QString>{m_rollback, tr("R&ollback")},
                                      std::pair<QWidget *, QString>{m_schemaDiff, tr("&Schema diff")}}) {
        auto *page = new QWidget(this);
        auto *pageLayout = new QVBoxLayout(page);
        pageLayout->setContentsMargins(0, 0, 0, 0);
        pageLayout->setSpacing(0);
        pageLayout->addWidget(pane, 1);
        m_tabs->addTab(page, title);
        analysisPages << page;
    }
    const auto moveBar = [this](QWidget *page) {
        if (m_analysisBar->parentWidget() == page)
            return;
        if (auto *old = m_analysisBar->parentWidget(); old && old->layout())
            old->layout()->removeWidget(m_analysisBar);
        static_cast<QVBoxLayout *>(page->layout())->insertWidget(0, m_analysisBar);
        m_analysisBar->show();
    };
    moveBar(analysisPages.first());
    connect(m_tabs, &QTabWidget::currentChanged, this, [this, analysisPages, moveBar] {
        if (analysisPages.contains(m_tabs->currentWidget()))
            moveBar(m_tabs->currentWidget());
    });
    connect(m_analysis, &QComboBox::currentIndexChanged, this, &ChangeView::updateAnalysis);
    connect(m_blastRadius, &BlastRadiusPane::statementActivated, this, &ChangeView::showStatement);

    m_history->setOpenLinks(false);
    m_history->setAccessibleName(tr("Decisions and executions"));
    m_tabs->addTab(m_history, tr("&History"));
    m_pages = {sqlSplit, diffPage, analysisPages[0], analysisPages[1], analysisPages[2], m_history};
    layout->addWidget(m_tabs, 1);

    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    m_reject->setToolTip(tr("Reject this change with a comment (R)"));
    m_approve->setToolTip(tr("Approve the revision shown (A)"));
    m_reject->setAccessibleName(tr("Reject change"));
    m_approve->setAccessibleName(tr("Approve change"));
    buttons->addWidget(m_reject);
    buttons->addWidget(m_approve);
    layout->addLayout(buttons);
    connect(m_approve, &QPushButton::clicked, this, &ChangeView::requestApprove);
    connect(m_reject, &QPushButton::clicked, this, &ChangeView::requestReject);

    m_sql->setAccessibleName(tr("SQL of the latest revision"));
    m_diff->setAccessibleName(tr("Revision diff"));
    m_title->setAccessibleName(tr("Change title"));
    showPlaceholder(tr("Select a change in the queue."));
}

void ChangeView::showPlaceholder(const QString &message)
{
    m_change = {};
    m_placeholder->setText(message);
    static_cast<QStackedLayout *>(layout())->setCurrentWidget(m_placeholder);
}

void ChangeView::setDecider(const QString &login, bool isDba)
{
    m_login = login;
    m_isDba = isDba;
    updateActions();
}

void ChangeView::showNotice(const QString &message, bool isError)
{
    const auto color =
        isError ? Theme::statusColor(QStringLiteral("failed")) : Theme::statusColor(QStringLiteral("done"));
    m_notice->setStyleSheet(
        QStringLiteral("QLabel { border: 1px solid %1; border-radius: 4px; padding: 6px; }")
            .arg(color.name()));
    m_notice->setText(message);
    m_notice->setVisible(!message.isEmpty());
}

void ChangeView::showChange(const model::ChangeDetail &change)
{
    const bool sameChange = change.summary.id == m_change.summary.id;
    if (!sameChange)
        showNotice({}, false);
    m_change = change;
    static_cast<QStackedLayout *>(layout())->setCurrentWidget(m_body);
    const auto &s = change.summary;
    m_title->setText(QStringLiteral("#%1  %2").arg(s.id).arg(s.title));
    m_status->setText(QStringLiteral("<span style='color:%1; font-weight:bold'>● %2</span>")
                          .arg(Theme::statusColor(s.status).name(), s.status.toUpper()));
    QStringList meta;
    meta << tr("<b>%1</b> (%2)").arg(s.target.toHtmlEscaped(), s.environment);
    meta << (s.onBehalfOf.isEmpty()
                 ? tr("by %1").arg(s.agent.toHtmlEscaped())
                 : tr("by %1 for %2").arg(s.agent.toHtmlEscaped(), s.onBehalfOf.toHtmlEscaped()));
    meta << tr("revision %1 of %2, sha256 <span style='font-family:monospace'>%3…</span>")
                .arg(s.revision)
                .arg(change.revisions.size())
                .arg(shortSha(s.sha256));
    meta << tr("%1 of %2 approvals").arg(s.approvals).arg(s.requiredApprovals);
    meta << tr("submitted %1").arg(when(s.createdAt));
    QString metaText = meta.join(QStringLiteral(" · "));
    if (!s.reason.isEmpty())
        metaText += QStringLiteral("<br><i>%1</i>").arg(s.reason.toHtmlEscaped());
    m_meta->setText(metaText);

    m_sql->setSqlText(change.revisions.isEmpty() ? QString() : change.revisions.last().sql);
    m_findingModel->setFindings(findingsWithProbes());
    m_findings->resizeColumnsToContents();
    if (m_findingModel->rowCount() > 0 && !sameChange)
        m_findings->setCurrentIndex(m_findingModel->index(0, 0));
    else if (m_findingModel->rowCount() == 0)
        m_ruleDoc->clear();
    markFindings();

    // Revision pickers: keep the user's choice across live refreshes; default to previous → latest.
    const int oldFrom = m_diffFrom->currentData().toInt(), oldTo = m_diffTo->currentData().toInt();
    const QSignalBlocker blockFrom(m_diffFrom), blockTo(m_diffTo);
    m_diffFrom->clear();
    m_diffTo->clear();
    for (const auto &r : change.revisions) {
        const auto label =
            tr("Revision %1 — %2 — %3").arg(r.number).arg(when(r.createdAt), shortSha(r.sha256));
        m_diffFrom->addItem(label, r.number);
        m_diffTo->addItem(label, r.number);
    }
    const int last = int(change.revisions.size()) - 1;
    m_diffFrom->setCurrentIndex(sameChange && oldFrom > 0 ? m_diffFrom->findData(oldFrom)
                                                          : std::max(0, last - 1));
    m_diffTo->setCurrentIndex(sameChange && oldTo > 0 ? m_diffTo->findData(oldTo) : last);
    updateDiff();
    fillAnalysisPicker(sameChange);
    m_history->setHtml(historyHtml());
    updateActions();
}

QJsonArray ChangeView::findingsWithProbes() const
{
    const int latest = m_change.summary.revision;
    QJsonArray findings;
    for (const auto &r : m_change.reviews) {
        if (r.revision == latest)
            findings = r.findings;
    }
    // The data probes' findings are findings like the rules' ones, about the data of one target: marked so.
    for (const auto &a : m_change.analyses) {
        if (a.revision != latest)
            continue;
        for (const auto &value : a.document.value(QLatin1String("probes")).toArray()) {
            auto probe = value.toObject();
            probe.insert(QStringLiteral("origin"), QStringLiteral("probe"));
            probe.insert(QStringLiteral("target"), a.target);
            const bool dataProbe =
                probe.value(QLatin1String("rule")).toString().startsWith(QLatin1String("probe-"));
            probe.insert(QStringLiteral("message"),
                         (dataProbe ? tr("Data probe on %1: %2") : tr("With %1's catalog: %2"))
                             .arg(a.target, probe.value(QLatin1String("message")).toString()));
            findings.append(probe);
        }
    }
    return findings;
}

void ChangeView::fillAnalysisPicker(bool sameChange)
{
    // Keep the reader's choice of revision and target across live refreshes.
    const auto old = sameChange ? m_analysis->currentData().toString() : QString();
    const QSignalBlocker block(m_analysis);
    m_analysis->clear();
    const int latest = m_change.summary.revision;
    QList<int> order(m_change.analyses.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [this](int a, int b) {
        return m_change.analyses[a].revision > m_change.analyses[b].revision;
    });
    if (order.isEmpty() || m_change.analyses[order.first()].revision != latest)
        m_analysis->addItem(tr("Revision %1: not analysed yet").arg(latest), QString());
    for (const int i : order) {
        const auto &a = m_change.analyses[i];
        m_analysis->addItem(Theme::dot(Theme::riskColor(a.risk)),
                            tr("Revision %1 on %2: %3 risk").arg(a.revision).arg(a.target, a.risk),
                            QStringLiteral("%1/%2").arg(a.revision).arg(a.target));
    }
    m_analysis->setCurrentIndex(std::max(0, m_analysis->findData(old)));
    m_analysis->setEnabled(m_analysis->count() > 1);
    updateAnalysis();
}

void ChangeView::updateAnalysis()
{
    const auto key = m_analysis->currentData().toString();
    for (const auto &a : std::as_const(m_change.analyses)) {
        if (QStringLiteral("%1/%2").arg(a.revision).arg(a.target) != key)
            continue;
        m_analysisInfo->setText(tr("analysed %1 by sluiced %2").arg(when(a.analysedAt), a.analyzerVersion));
        m_blastRadius->showAnalysis(a.document);
        m_rollback->showAnalysis(a.document);
        m_schemaDiff->showAnalysis(a.document);
        return;
    }
    const auto message =
        tr("sluiced has not analysed revision %1 yet. Its blast radius, rollback plan and schema diff appear "
           "here once sluiced has run it on a shadow of %2.")
            .arg(m_change.summary.revision)
            .arg(m_change.summary.target);
    m_analysisInfo->clear();
    m_blastRadius->showPlaceholder(message);
    m_rollback->showPlaceholder(message);
    m_schemaDiff->showPlaceholder(message);
}

void ChangeView::showStatement(int byteStart, int byteEnd, int line)
{
    const int revision = m_analysis->currentData().toString().section(QLatin1Char('/'), 0, 0).toInt();
    if (revision != m_change.summary.revision) {
        showNotice(tr("This analysis is of revision %1; the SQL tab shows revision %2. The statement is at "
                      "line %3 of revision %1.")
                       .arg(revision)
                       .arg(m_change.summary.revision)
                       .arg(line),
                   true);
        return;
    }
    setCurrentTab(SqlTab);
    m_sql->revealByte(byteStart, byteEnd);
    m_sql->setFocus();
}

void ChangeView::markFindings()
{
    m_sql->clearFindings();
    // Least severe first, so that the margin shows the most severe marker of a line on top.
    for (int row = m_findingModel->rowCount() - 1; row >= 0; --row) {
        const auto i = m_findingModel->index(row, 0);
        m_sql->markFinding(i.data(model::FindingListModel::ByteStartRole).toInt(),
                           i.data(model::FindingListModel::ByteEndRole).toInt(),
                           i.data(model::FindingListModel::LineRole).toInt(),
                           i.data(model::FindingListModel::SeverityRole).toString());
    }
}

void ChangeView::updateDiff()
{
    const int from = m_diffFrom->currentData().toInt(), to = m_diffTo->currentData().toInt();
    const model::Revision *a = nullptr, *b = nullptr;
    for (const auto &r : m_change.revisions) {
        if (r.number == from)
            a = &r;
        if (r.number == to)
            b = &r;
    }
    if (!a || !b) {
        m_diff->setSqlText({});
        return;
    }
    if (m_change.revisions.size() == 1) {
        m_diff->setSqlText(tr("-- This change has one revision: nothing to compare yet.\n"));
        return;
    }
    const auto before = a->sql.toStdString(), after = b->sql.toStdString();
    const auto lines = review::diffLines(before, after);
    const bool identical = std::all_of(lines.begin(), lines.end(), [](const review::DiffLine &l) {
        return l.op == review::DiffLine::Op::Equal;
    });
    if (identical) {
        m_diff->setSqlText(tr("-- Revisions %1 and %2 are identical.\n").arg(from).arg(to));
        return;
    }
    // The header names both sides in the pickers already; show the hunks.
    auto diff = QString::fromStdString(review::unifiedDiff(lines, "", ""));
    diff = diff.mid(diff.indexOf(QLatin1String("@@")));
    m_diff->setDiffText(diff);
}

QString ChangeView::historyHtml() const
{
    QString html = QStringLiteral("<h3>%1</h3>").arg(tr("Decisions"));
    if (m_change.decisions.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(tr("No decision yet."));
    for (const auto &d : m_change.decisions) {
        const auto color = Theme::statusColor(
            d.decision == QLatin1String("approve") ? QStringLiteral("done") : QStringLiteral("failed"));
        html +=
            QStringLiteral("<p><span style='color:%1'><b>%2</b></span> %3 %4, %5 (revision %6)%7%8</p>")
                .arg(color.name(), d.decision == QLatin1String("approve") ? tr("Approved") : tr("Rejected"),
                     tr("by"), d.decidedBy.toHtmlEscaped(), when(d.decidedAt))
                .arg(d.revision)
                .arg(d.voided ? tr(" — voided by a later revision") : QString(),
                     d.comment.isEmpty() ? QString()
                                         : QStringLiteral("<br>“%1”").arg(d.comment.toHtmlEscaped()));
    }
    html += QStringLiteral("<h3>%1</h3>").arg(tr("Executions"));
    if (m_change.executions.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(tr("Not executed."));
    for (const auto &e : m_change.executions) {
        html +=
            QStringLiteral("<p><b>%1</b> on %2 by %3 (%4), started %5%6</p>")
                .arg(e.status, e.target.toHtmlEscaped(), e.claimedBy.toHtmlEscaped(),
                     e.instance.toHtmlEscaped(), when(e.startedAt),
                     e.error.isEmpty() ? QString() : QStringLiteral("<br>%1").arg(e.error.toHtmlEscaped()));
        html += QStringLiteral("<table cellpadding='3'>");
        for (const auto &step : e.steps) {
            html += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4 ms</td><td>%5</td></tr>")
                        .arg(step.ordinal)
                        .arg(step.outcome)
                        .arg(step.rowsAffected ? tr("%1 rows").arg(*step.rowsAffected) : QString())
                        .arg(step.durationMs, 0, 'f', 1)
                        .arg(step.error.toHtmlEscaped());
        }
        html += QStringLiteral("</table>");
    }
    return html;
}

void ChangeView::updateActions()
{
    const auto &s = m_change.summary;
    const bool inReview = s.id != 0 && s.status == QLatin1String("review");
    const bool author = m_login == s.agent || (!s.onBehalfOf.isEmpty() && m_login == s.onBehalfOf);
    QString why;
    if (!m_isDba)
        why = tr("Only members of sluice_dba decide.");
    else if (!inReview)
        why = tr("Only a change in review can be decided.");
    else if (author)
        why = tr("You wrote this change or it was made for you: someone else must approve it.");
    else if (s.parseOk == false)
        why = tr("The SQL does not parse; the agent must revise it.");
    else if (!s.parseOk.has_value())
        why = tr("Waiting for sluiced to review this revision.");
    m_approve->setEnabled(why.isEmpty());
    m_approve->setToolTip(why.isEmpty() ? tr("Approve revision %1 (A)").arg(s.revision) : why);
    m_reject->setEnabled(m_isDba && inReview);
}

void ChangeView::requestApprove()
{
    if (!m_approve->isEnabled()) {
        showNotice(m_approve->toolTip(), true);
        return;
    }
    const auto &s = m_change.summary;
    QList<QJsonObject> errors;
    for (int row = 0; row < m_findingModel->rowCount(); ++row) {
        const auto i = m_findingModel->index(row, 0);
        if (i.data(model::FindingListModel::SeverityRole).toString() == QLatin1String("error"))
            errors.append(i.data(model::FindingListModel::FindingRole).toJsonObject());
    }
    DecisionDialog dialog(DecisionDialog::Kind::Approve, s.id, s.title, s.revision, s.sha256, errors, this);
    if (dialog.exec() == QDialog::Accepted)
        emit approveRequested(s.id, s.sha256, dialog.comment(), dialog.overrides());
}

void ChangeView::requestReject()
{
    if (!m_reject->isEnabled()) {
        showNotice(m_isDba ? tr("Only a change in review can be rejected.")
                           : tr("Only members of sluice_dba decide."),
                   true);
        return;
    }
    const auto &s = m_change.summary;
    DecisionDialog dialog(DecisionDialog::Kind::Reject, s.id, s.title, s.revision, s.sha256, {}, this);
    if (dialog.exec() == QDialog::Accepted)
        emit rejectRequested(s.id, dialog.comment());
}

void ChangeView::setCurrentTab(Tab tab)
{
    m_tabs->setCurrentWidget(m_pages.value(tab));
}

ChangeView::Tab ChangeView::currentTab() const
{
    return Tab(std::max(0, int(m_pages.indexOf(m_tabs->currentWidget()))));
}

void ChangeView::focusSql()
{
    m_sql->setFocus();
}

void ChangeView::restyle()
{
    m_sql->restyle();
    m_diff->restyle();
    m_blastRadius->restyle();
    m_rollback->restyle();
    m_schemaDiff->restyle();
    if (m_change.summary.id != 0)
        fillAnalysisPicker(true); // the risk dots
}

} // namespace sluice::ui
