#include "ConnectDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QUrl>
#include <QUrlQuery>

namespace sluice::ui {

namespace {
constexpr auto kRecentKey = "connect/recent";
constexpr int kMaxRecent = 10;
} // namespace

ConnectDialog::ConnectDialog(QWidget *parent)
    : QDialog(parent), m_profile(new QComboBox(this)), m_password(new QLineEdit(this)),
      m_error(new QLabel(this))
{
    setWindowTitle(tr("Connect to a Sluice queue"));
    auto *layout = new QFormLayout(this);
    m_profile->setEditable(true);
    m_profile->addItems(QSettings().value(kRecentKey).toStringList());
    m_profile->setMinimumWidth(460);
    m_profile->setAccessibleName(tr("Queue connection"));
    m_profile->lineEdit()->setPlaceholderText(
        tr("service=sluice  or  host=db.example dbname=sluice user=alice"));
    layout->addRow(tr("&Queue:"), m_profile);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("only if the server asks; never stored"));
    m_password->setAccessibleName(tr("Password"));
    layout->addRow(tr("&Password:"), m_password);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #c62828"));
    m_error->setVisible(false);
    layout->addRow(m_error);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Connect"));
    layout->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString ConnectDialog::conninfo() const
{
    auto info = m_profile->currentText().trimmed();
    const auto password = m_password->text();
    if (password.isEmpty())
        return info;
    if (info.startsWith(QLatin1String("postgres://")) || info.startsWith(QLatin1String("postgresql://"))) {
        QUrl url(info);
        url.setPassword(password);
        return url.toString();
    }
    auto quoted = password;
    quoted.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return info + QStringLiteral(" password='") + quoted + QLatin1Char('\'');
}

void ConnectDialog::setError(const QString &message)
{
    m_error->setText(message);
    m_error->setVisible(!message.isEmpty());
}

QString ConnectDialog::withoutPassword(const QString &conninfo)
{
    if (conninfo.startsWith(QLatin1String("postgres://")) ||
        conninfo.startsWith(QLatin1String("postgresql://"))) {
        QUrl url(conninfo);
        url.setPassword({});
        QUrlQuery query(url);
        query.removeAllQueryItems(QStringLiteral("password"));
        url.setQuery(query);
        return url.toString();
    }
    static const QRegularExpression password(
        QStringLiteral("\\s*password\\s*=\\s*('(?:[^'\\\\]|\\\\.)*'|\\S*)"));
    return QString(conninfo).remove(password).trimmed();
}

void ConnectDialog::remember(const QString &conninfo)
{
    const auto clean = withoutPassword(conninfo);
    if (clean.isEmpty())
        return;
    QSettings settings;
    auto recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(clean);
    recent.prepend(clean);
    settings.setValue(kRecentKey, recent.mid(0, kMaxRecent));
}

} // namespace sluice::ui
