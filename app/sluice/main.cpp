// sluice: the approver console. Thin wiring: the queue session (model/) on one side, the window (ui/) on the
// other.

#include "ChangeView.h"
#include "ConnectDialog.h"
#include "MainWindow.h"
#include "Theme.h"
#include "items/ChangeListModel.h"
#include "items/QueueSession.h"

#include <QApplication>
#include <QComboBox>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QMessageBox>
#include <QScreen>
#include <QTableView>
#include <QTimer>
#include <cstdio>

using namespace sluice;

namespace {

struct Options
{
    QString conninfo;
    bool haveConninfo = false;
    QString screenshot;
    qint64 select = 0;
    QString tab;
    bool exitWhenReady = false;
};

Options parseOptions(QApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Sluice console: review, approve and reject database changes."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption({QStringLiteral("db"),
                      QStringLiteral("Queue to open (libpq conninfo, URI or service=NAME); "
                                     "without it a connect dialog asks."),
                      QStringLiteral("CONNINFO")});
    parser.addOption({QStringLiteral("theme"), QStringLiteral("Force the light or dark palette."),
                      QStringLiteral("THEME")});
    parser.addOption({QStringLiteral("select"), QStringLiteral("Open this change once the queue is loaded."),
                      QStringLiteral("ID")});
    parser.addOption(
        {QStringLiteral("tab"),
         QStringLiteral(
             "Change view tab to show: sql, diff, blast-radius, rollback, schema-diff or history."),
         QStringLiteral("TAB")});
    parser.addOption({QStringLiteral("screenshot"),
                      QStringLiteral("Save a picture of the window once loaded, then quit."),
                      QStringLiteral("FILE")});
    parser.addOption(
        {QStringLiteral("exit-when-ready"),
         QStringLiteral("Print the start-up time once the queue is shown, then quit (benchmarks).")});
    parser.process(app);
    ui::Theme::apply(app, parser.value(QStringLiteral("theme")));
    return {parser.value(QStringLiteral("db")),         parser.isSet(QStringLiteral("db")),
            parser.value(QStringLiteral("screenshot")), parser.value(QStringLiteral("select")).toLongLong(),
            parser.value(QStringLiteral("tab")),        parser.isSet(QStringLiteral("exit-when-ready"))};
}

class Console : public QObject
{
public:
    Console(Options options, QElapsedTimer started) : m_options(std::move(options)), m_started(started)
    {
        connect(&m_window, &ui::MainWindow::changeSelected, this, [this](model::ChangeId id) {
            if (m_session)
                m_session->loadChange(id);
        });
        connect(&m_window, &ui::MainWindow::refreshRequested, this, [this] {
            if (!m_session)
                return;
            m_session->refresh();
            if (const auto id = m_window.changeView()->currentChange())
                m_session->loadChange(id);
        });
        connect(&m_window, &ui::MainWindow::approveRequested, this,
                [this](model::ChangeId id, const QString &sha, const QString &comment,
                       const QList<model::FindingOverride> &overrides) {
                    m_session->approve(id, sha, comment, overrides);
                });
        connect(&m_window, &ui::MainWindow::rejectRequested, this,
                [this](model::ChangeId id, const QString &comment) { m_session->reject(id, comment); });
    }

    void start()
    {
        if (m_options.haveConninfo)
            open(m_options.conninfo);
        else
            ask({});
    }

private:
    void ask(const QString &error)
    {
        ui::ConnectDialog dialog;
        dialog.setError(error);
        if (dialog.exec() != QDialog::Accepted) {
            QApplication::exit(1);
            return;
        }
        open(dialog.conninfo());
    }

    void open(const QString &conninfo)
    {
        delete m_session;
        m_session = new model::QueueSession(conninfo, this);
        connect(m_session, &model::QueueSession::opened, this,
                [this, conninfo](const model::Identity &identity) {
                    ui::ConnectDialog::remember(conninfo);
                    m_window.setIdentity(identity, identity.database);
                    m_window.show();
                    m_session->refresh();
                });
        connect(m_session, &model::QueueSession::openFailed, this, [this](const QString &message) {
            if (m_options.haveConninfo && !m_options.screenshot.isEmpty()) {
                std::fprintf(stderr, "sluice: %s\n", qPrintable(message));
                QApplication::exit(4);
                return;
            }
            m_options.haveConninfo = false;
            ask(message);
        });
        connect(m_session, &model::QueueSession::changesLoaded, this,
                [this](const QList<model::ChangeSummary> &changes) {
                    m_window.setChanges(changes);
                    if (!m_ready) {
                        m_ready = true;
                        onFirstLoad();
                    }
                });
        connect(m_session, &model::QueueSession::changeLoaded, &m_window, &ui::MainWindow::showChange);
        connect(m_session, &model::QueueSession::changeUpdated, &m_window, &ui::MainWindow::updateChange);
        connect(m_session, &model::QueueSession::changeHidden, &m_window, &ui::MainWindow::hideChange);
        connect(m_session, &model::QueueSession::loadFailed, &m_window, &ui::MainWindow::showLoadError);
        connect(m_session, &model::QueueSession::liveChanged, &m_window, &ui::MainWindow::setLive);
        connect(m_session, &model::QueueSession::actionSucceeded, this,
                [this](model::ChangeId id, const QString &message) {
                    m_window.showActionResult(id, message, false);
                });
        connect(m_session, &model::QueueSession::actionFailed, this,
                [this](model::ChangeId id, const QString &message) {
                    m_window.showActionResult(id, message, true);
                });
        m_session->open();
    }

    void onFirstLoad()
    {
        if (m_options.exitWhenReady) {
            std::printf("console ready: queue of %d changes shown %lld ms after start\n",
                        m_window.changeModel()->rowCount(), m_started.elapsed());
            QApplication::exit(0);
            return;
        }
        if (m_options.select != 0) {
            m_window.statusFilter()->setCurrentIndex(m_window.statusFilter()->findData(QString()));
            m_window.selectChange(m_options.select);
        }
        if (m_options.tab == QLatin1String("diff"))
            m_window.changeView()->setCurrentTab(ui::ChangeView::DiffTab);
        else if (m_options.tab == QLatin1String("history"))
            m_window.changeView()->setCurrentTab(ui::ChangeView::HistoryTab);
        else if (m_options.tab == QLatin1String("blast-radius"))
            m_window.changeView()->setCurrentTab(ui::ChangeView::BlastRadiusTab);
        else if (m_options.tab == QLatin1String("rollback"))
            m_window.changeView()->setCurrentTab(ui::ChangeView::RollbackTab);
        else if (m_options.tab == QLatin1String("schema-diff"))
            m_window.changeView()->setCurrentTab(ui::ChangeView::SchemaDiffTab);
        if (!m_options.screenshot.isEmpty()) {
            // Let the selected change load and the window settle before taking the picture.
            QTimer::singleShot(1500, this, [this] {
                const bool saved = m_window.grab().save(m_options.screenshot);
                std::fprintf(stderr, "sluice: %s %s\n", saved ? "saved" : "could not save",
                             qPrintable(m_options.screenshot));
                QApplication::exit(saved ? 0 : 1);
            });
        }
    }

    Options m_options;
    QElapsedTimer m_started;
    ui::MainWindow m_window;
    model::QueueSession *m_session = nullptr;
    bool m_ready = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer started;
    started.start();
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Sluice"));
    QApplication::setApplicationName(QStringLiteral("sluice"));
    QApplication::setApplicationDisplayName(QStringLiteral("Sluice"));
    QApplication::setApplicationVersion(QStringLiteral(SLUICE_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("sluice"));
    auto options = parseOptions(app);
    Console console(std::move(options), started);
    console.start();
    return app.exec();
}
