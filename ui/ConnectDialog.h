#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;

namespace sluice::ui {

// Asks for the queue to connect to: a libpq conninfo, URI or "service=NAME". Recent profiles are kept in
// QSettings without any password; a password typed here is used for this session only (.pgpass and
// pg_service.conf work as for psql).
class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectDialog(QWidget *parent = nullptr);

    // The conninfo to use, with the password appended when one was typed.
    [[nodiscard]] QString conninfo() const;
    void setError(const QString &message);

    // Remembers a profile that connected, with any password removed.
    static void remember(const QString &conninfo);
    [[nodiscard]] static QString withoutPassword(const QString &conninfo);

private:
    QComboBox *m_profile;
    QLineEdit *m_password;
    QLabel *m_error;
};

} // namespace sluice::ui
