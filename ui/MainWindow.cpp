#include "MainWindow.h"

#include "ChangeView.h"
#include "Theme.h"
#include "items/ChangeListModel.h"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace sluice::ui {

namespace {

constexpr auto kGeometryKey = "window/geometry";
constexpr auto kStateKey = "window/state";
constexpr auto kSplitterKey = "window/splitter";
constexpr auto kHeaderKey = "queue/header";
constexpr auto kStatusFilterKey = "queue/statusFilter";

// Paints the status and review columns with a coloured dot.
class BadgeDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override
    {
        QStyledItemDelegate::initStyleOption(option, index);
        const auto color =
            index.column() == model::ChangeListModel::Status
                ? Theme::statusColor(index.data(model::ChangeListModel::StatusRole).toString())
                : Theme::severityColor(index.data(model::ChangeListModel::SeverityRole).toString());
        option->icon = Theme::dot(color);
        option->features |= QStyleOptionViewItem::HasDecoration;
        option->decorationSize = QSize(12, 12);
    }
};

struct Shortcut
{
    const char *keys;
    const char *what;
};

constexpr Shortcut kShortcuts[] = {
    {"↑ ↓  or  J K", "Move through the queue"},
    {"Enter", "Open the selected change (focus its SQL)"},
    {"Esc", "Back to the queue"},
    {"A", "Approve the selected change…"},
    {"R", "Reject the selected change…"},
    {"Alt+Q / Alt+D / Alt+H", "SQL, Diff, History tabs"},
    {"Alt+B / Alt+O / Alt+S", "Blast radius, Rollback, Schema diff tabs"},
    {"Alt+Y", "On those tabs: choose the analysis (revision and target)"},
    {"Ctrl+F  or  /", "Search the queue"},
    {"Ctrl+L", "Choose which statuses to show"},
    {"F5", "Refresh now (the queue also updates live)"},
    {"F1  or  ?", "This list"},
    {"Ctrl+Q", "Quit"},
};

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent), m_model(new model::ChangeListModel(this)),
      m_filter(new model::ChangeFilterModel(this)), m_table(new QTableView(this)),
      m_search(new QLineEdit(this)), m_statusFilter(new QComboBox(this)), m_changeView(new ChangeView(this)),
      m_splitter(new QSplitter(Qt::Horizontal, this)), m_who(new QLabel(this)), m_live(new QLabel(this))
{
    setWindowTitle(tr("Sluice"));
    m_filter->setSourceModel(m_model);

    auto *left = new QWidget(this);
    auto *leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(8, 8, 4, 8);
    auto *filters = new QHBoxLayout;
    m_statusFilter->addItem(tr("Needs attention"), QStringLiteral("open"));
    m_statusFilter->addItem(tr("All changes"), QString());
    for (const auto &status :
         {QStringLiteral("review"), QStringLiteral("approved"), QStringLiteral("executing"),
          QStringLiteral("failed"), QStringLiteral("rejected"), QStringLiteral("done")})
        m_statusFilter->addItem(Theme::dot(Theme::statusColor(status)), status, status);
    m_statusFilter->setAccessibleName(tr("Status filter"));
    m_search->setPlaceholderText(tr("Search title, agent, target, #id…  (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search the queue"));
    filters->addWidget(m_statusFilter);
    filters->addWidget(m_search, 1);
    leftLayout->addLayout(filters);

    m_table->setModel(m_filter);
    m_table->setItemDelegateForColumn(model::ChangeListModel::Status, new BadgeDelegate(m_table));
    m_table->setItemDelegateForColumn(model::ChangeListModel::Severity, new BadgeDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(model::ChangeListModel::Status, Qt::AscendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(model::ChangeListModel::Title, QHeaderView::Stretch);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setAccessibleName(tr("Change queue"));
    m_table->setTabKeyNavigation(false);
    leftLayout->addWidget(m_table, 1);

    m_splitter->addWidget(left);
    m_splitter->addWidget(m_changeView);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 4);
    setCentralWidget(m_splitter);

    m_who->setAccessibleName(tr("Connected as"));
    m_live->setAccessibleName(tr("Live updates"));
    statusBar()->addWidget(m_who, 1);
    statusBar()->addPermanentWidget(m_live);

    connect(m_statusFilter, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setStatusFilter(m_statusFilter->currentData().toString());
        QSettings().setValue(kStatusFilterKey, m_statusFilter->currentData());
    });
    connect(m_search, &QLineEdit::textChanged, m_filter, &model::ChangeFilterModel::setSearchText);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                const auto id =
                    current.isValid() ? current.data(model::ChangeListModel::ChangeIdRole).toLongLong() : 0;
                if (id != 0 && id != m_selected) {
                    m_selected = id;
                    emit changeSelected(id);
                }
            });
    connect(m_changeView, &ChangeView::approveRequested, this, &MainWindow::approveRequested);
    connect(m_changeView, &ChangeView::rejectRequested, this, &MainWindow::rejectRequested);
    // Rows inserted or re-sorted by a live update: keep the selected change selected and in view.
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, [this] { selectChange(m_selected); });
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_selected == 0 && m_filter->rowCount() > 0)
            m_table->setCurrentIndex(m_filter->index(0, 0));
    });

    buildActions();
    restoreLayout();
    setLive(false, tr("connecting"));
}

MainWindow::~MainWindow() = default;

void MainWindow::buildActions()
{
    auto *queueMenu = menuBar()->addMenu(tr("&Queue"));
    auto *changeMenu = menuBar()->addMenu(tr("&Change"));
    auto *helpMenu = menuBar()->addMenu(tr("&Help"));
    auto add = [this](QMenu *menu, const QString &text, const QList<QKeySequence> &keys, auto slot) {
        auto *action = new QAction(text, this);
        action->setShortcuts(keys);
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, slot);
        menu ? menu->addAction(action) : addAction(action);
        return action;
    };
    add(queueMenu, tr("&Search"), {QKeySequence::Find, QKeySequence(Qt::Key_Slash)}, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    add(queueMenu, tr("&Status filter"), {QKeySequence(Qt::CTRL | Qt::Key_L)}, [this] {
        m_statusFilter->setFocus();
        m_statusFilter->showPopup();
    });
    add(queueMenu, tr("&Refresh"), {QKeySequence::Refresh, QKeySequence(Qt::Key_F5)},
        [this] { emit refreshRequested(); });
    add(queueMenu, tr("&Next change"), {QKeySequence(Qt::Key_J)}, [this] { moveSelection(1); });
    add(queueMenu, tr("&Previous change"), {QKeySequence(Qt::Key_K)}, [this] { moveSelection(-1); });
    add(queueMenu, tr("Back to the &queue"), {QKeySequence(Qt::Key_Escape)}, [this] { m_table->setFocus(); });
    queueMenu->addSeparator();
    add(queueMenu, tr("&Quit"), {QKeySequence::Quit, QKeySequence(Qt::CTRL | Qt::Key_Q)},
        [this] { close(); });

    add(changeMenu, tr("&Open"), {QKeySequence(Qt::Key_Return), QKeySequence(Qt::Key_Enter)}, [this] {
        if (m_changeView->currentChange() != 0)
            m_changeView->focusSql();
    });
    add(changeMenu, tr("&Approve…"), {QKeySequence(Qt::Key_A)}, [this] { m_changeView->requestApprove(); });
    add(changeMenu, tr("&Reject…"), {QKeySequence(Qt::Key_R)}, [this] { m_changeView->requestReject(); });
    changeMenu->addSeparator();
    add(changeMenu, tr("S&QL"), {QKeySequence(Qt::ALT | Qt::Key_Q)},
        [this] { m_changeView->setCurrentTab(ChangeView::SqlTab); });
    add(changeMenu, tr("&Diff"), {QKeySequence(Qt::ALT | Qt::Key_D)},
        [this] { m_changeView->setCurrentTab(ChangeView::DiffTab); });
    add(changeMenu, tr("&Blast radius"), {QKeySequence(Qt::ALT | Qt::Key_B)},
        [this] { m_changeView->setCurrentTab(ChangeView::BlastRadiusTab); });
    add(changeMenu, tr("R&ollback"), {QKeySequence(Qt::ALT | Qt::Key_O)},
        [this] { m_changeView->setCurrentTab(ChangeView::RollbackTab); });
    add(changeMenu, tr("&Schema diff"), {QKeySequence(Qt::ALT | Qt::Key_S)},
        [this] { m_changeView->setCurrentTab(ChangeView::SchemaDiffTab); });
    add(changeMenu, tr("&History"), {QKeySequence(Qt::ALT | Qt::Key_H)},
        [this] { m_changeView->setCurrentTab(ChangeView::HistoryTab); });

    add(helpMenu, tr("&Keyboard shortcuts"), {QKeySequence::HelpContents, QKeySequence(Qt::Key_Question)},
        [this] { showShortcuts(); });
}

void MainWindow::showShortcuts()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Keyboard shortcuts"));
    auto *layout = new QVBoxLayout(&dialog);
    QString html = QStringLiteral("<table cellpadding='4'>");
    for (const auto &s : kShortcuts)
        html += QStringLiteral("<tr><td><b>%1</b></td><td>%2</td></tr>")
                    .arg(QString::fromUtf8(s.keys), tr(s.what));
    html += QStringLiteral("</table>");
    auto *label = new QLabel(html, &dialog);
    label->setAccessibleName(tr("Keyboard shortcuts"));
    layout->addWidget(label);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.exec();
}

void MainWindow::moveSelection(int delta)
{
    const int rows = m_filter->rowCount();
    if (rows == 0)
        return;
    const int current = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : -1;
    const int next = std::clamp(current + delta, 0, rows - 1);
    m_table->setCurrentIndex(m_filter->index(next, 0));
    m_table->setFocus();
}

model::ChangeId MainWindow::selectedChange() const
{
    return m_selected;
}

void MainWindow::selectChange(model::ChangeId id)
{
    const int sourceRow = m_model->rowOf(id);
    if (sourceRow < 0)
        return;
    const auto index = m_filter->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid())
        return;
    if (m_table->currentIndex().row() != index.row())
        m_table->setCurrentIndex(index);
    m_table->scrollTo(index);
}

void MainWindow::setIdentity(const model::Identity &identity, const QString &queueName)
{
    m_who->setText(
        tr("%1 on %2 (%3) · roles: %4")
            .arg(identity.login, queueName, identity.server,
                 identity.roles.isEmpty() ? tr("none") : identity.roles.join(QStringLiteral(", "))));
    setWindowTitle(tr("Sluice — %1 @ %2").arg(identity.login, queueName));
    m_changeView->setDecider(identity.login, identity.hasRole(QStringLiteral("sluice_dba")));
}

void MainWindow::setChanges(const QList<model::ChangeSummary> &changes)
{
    m_model->setChanges(changes);
    if (m_selected != 0 && m_model->rowOf(m_selected) < 0)
        m_changeView->showPlaceholder(tr("Change %1 is no longer visible to you.").arg(m_selected));
    if (m_filter->rowCount() == 0)
        m_changeView->showPlaceholder(m_model->rowCount() == 0 ? tr("The queue is empty.")
                                                               : tr("No change matches the filter."));
}

void MainWindow::updateChange(const model::ChangeSummary &change)
{
    m_model->upsert(change);
}

void MainWindow::hideChange(model::ChangeId id)
{
    m_model->remove(id);
    if (id == m_selected)
        m_changeView->showPlaceholder(tr("Change %1 is no longer visible to you.").arg(id));
}

void MainWindow::showChange(const model::ChangeDetail &change)
{
    if (change.summary.id == m_selected)
        m_changeView->showChange(change);
}

void MainWindow::setLive(bool live, const QString &reason)
{
    const auto color = Theme::statusColor(live ? QStringLiteral("done") : QStringLiteral("failed"));
    m_live->setText(live ? QStringLiteral("<span style='color:%1'>●</span> %2").arg(color.name(), tr("live"))
                         : QStringLiteral("<span style='color:%1'>●</span> %2")
                               .arg(color.name(), tr("offline: reconnecting")));
    m_live->setToolTip(live ? tr("Receiving queue notifications") : reason);
}

void MainWindow::showActionResult(model::ChangeId id, const QString &message, bool isError)
{
    statusBar()->showMessage(message, 8000);
    if (m_changeView->currentChange() == id)
        m_changeView->showNotice(message, isError);
}

void MainWindow::showLoadError(const QString &message)
{
    statusBar()->showMessage(message, 8000);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray()))
        resize(1400, 860);
    restoreState(settings.value(kStateKey).toByteArray());
    if (!m_splitter->restoreState(settings.value(kSplitterKey).toByteArray()))
        m_splitter->setSizes({720, 680});
    if (!m_table->horizontalHeader()->restoreState(settings.value(kHeaderKey).toByteArray())) {
        m_table->setColumnWidth(model::ChangeListModel::Status, 100);
        m_table->setColumnWidth(model::ChangeListModel::Severity, 105);
        m_table->setColumnWidth(model::ChangeListModel::Target, 100);
        m_table->setColumnWidth(model::ChangeListModel::Agent, 105);
        m_table->setColumnWidth(model::ChangeListModel::OnBehalfOf, 55);
        m_table->setColumnWidth(model::ChangeListModel::Age, 55);
    }
    const auto filter = m_statusFilter->findData(settings.value(kStatusFilterKey, QStringLiteral("open")));
    m_statusFilter->setCurrentIndex(std::max(0, filter));
    m_filter->setStatusFilter(m_statusFilter->currentData().toString());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kSplitterKey, m_splitter->saveState());
    settings.setValue(kHeaderKey, m_table->horizontalHeader()->saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_changeView->restyle(); // the desktop switched between light and dark
    QMainWindow::changeEvent(event);
}

} // namespace sluice::ui
