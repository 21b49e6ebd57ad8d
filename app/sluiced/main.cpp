// sluiced: the headless service that reviews revisions and executes approved changes. Thin wiring over
// model/.

#include "services/Service.h"
#include "services/ServiceConfig.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSocketNotifier>
#include <QSysInfo>
#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

namespace {

int g_signalFd[2] = {-1, -1};
sluice::model::Service *g_service = nullptr;

void onSignal(int)
{
    // An atomic store: the drain loop sees it between two changes, even while the event loop is busy.
    g_service->requestStop();
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(g_signalFd[0], &byte, 1);
}

// journald reads a "<N>" syslog priority prefix on each stderr line (SyslogLevelPrefix=yes, the default).
void journalHandler(QtMsgType type, const QMessageLogContext &, const QString &message)
{
    int priority = 6;
    switch (type) {
    case QtDebugMsg:
        priority = 7;
        break;
    case QtInfoMsg:
        priority = 6;
        break;
    case QtWarningMsg:
        priority = 4;
        break;
    case QtCriticalMsg:
        priority = 3;
        break;
    case QtFatalMsg:
        priority = 2;
        break;
    }
    std::fprintf(stderr, "<%d>%s\n", priority, qPrintable(message));
    std::fflush(stderr);
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("sluiced"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SLUICE_VERSION));
    qInstallMessageHandler(journalHandler);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Sluice service: reviews new revisions and executes approved "
                       "changes on the targets it holds credentials for."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addOption(
        {QStringLiteral("config"), QStringLiteral("TOML configuration file."), QStringLiteral("FILE")});
    parser.addOption({QStringLiteral("instance"),
                      QStringLiteral("Name of this instance in the queue (default host:pid)."),
                      QStringLiteral("NAME")});
    parser.process(app);
    if (!parser.isSet(QStringLiteral("config"))) {
        std::fprintf(stderr, "sluiced: --config FILE is required\n");
        return 2;
    }
    auto config = sluice::model::ServiceConfig::load(parser.value(QStringLiteral("config")));
    if (!config) {
        std::fprintf(stderr, "sluiced: %s\n", qPrintable(config.error().message));
        return 2;
    }
    const auto instance = parser.isSet(QStringLiteral("instance"))
                              ? parser.value(QStringLiteral("instance"))
                              : QStringLiteral("%1:%2").arg(QSysInfo::machineHostName()).arg(::getpid());

    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) != 0) {
        std::perror("sluiced: socketpair");
        return 1;
    }
    sluice::model::Service service(std::move(*config), instance);
    g_service = &service;
    QSocketNotifier signalNotifier(g_signalFd[1], QSocketNotifier::Read);
    QObject::connect(&signalNotifier, &QSocketNotifier::activated, &service, [&] {
        char byte;
        [[maybe_unused]] const auto n = ::read(g_signalFd[1], &byte, 1);
        qInfo("stop requested; finishing the change in hand");
        service.stopWhenIdle();
    });
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    QObject::connect(&service, &sluice::model::Service::stopped, &app, &QCoreApplication::quit,
                     Qt::QueuedConnection);

    if (const auto started = service.start(); !started) {
        qCritical("cannot start: %s", qPrintable(started.error().message));
        return started.error().kind == sluice::model::Error::Kind::Connection ? 4 : 1;
    }
    return app.exec();
}
