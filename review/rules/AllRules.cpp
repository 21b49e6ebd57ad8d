// The one registry of rules, in catalog order. Adding a rule: its file under rules/, one extern line and one
// entry here, a fixture tests/review/rules/<id>.sql and a doc page resources/rules/<id>.md.

#include "Rule.h"

#include <array>

namespace sluice::review {
namespace rules {
// 1. Locking / rewrite
// group: locking decls
extern const Rule requireConcurrentIndexCreation;
extern const Rule requireConcurrentIndexDeletion;
extern const Rule requireConcurrentReindex;
extern const Rule requireConcurrentPartitionDetach;
extern const Rule requireConcurrentRefreshMatview;
extern const Rule preferRepack;
extern const Rule constraintMissingNotValid;
extern const Rule addingForeignKeyConstraint;
extern const Rule validateConstraintInSameTransaction;
extern const Rule disallowedUniqueConstraint;
extern const Rule addingPrimaryKeyConstraint;
extern const Rule primaryKeyUsingIndexOnNullable;
extern const Rule addingExclusionConstraint;
extern const Rule addingNotNullableField;
extern const Rule changingColumnType;
extern const Rule addingFieldWithVolatileDefault;
extern const Rule addingStoredGeneratedColumn;
extern const Rule addingAutoIncrementColumn;
extern const Rule addingColumnWithConstrainedDomain;
extern const Rule banAlterDomainWithAddConstraint;
extern const Rule banCreateDomainWithConstraint;
extern const Rule tableRewriteAlter;
extern const Rule triggerDdlOnExistingTable;
extern const Rule explicitLockTable;
extern const Rule redefinePrimaryKey;
extern const Rule attachPartitionWithoutCheck;
extern const Rule indexOnPartitionedTable;
extern const Rule statementAfterAccessExclusive;
extern const Rule ddlOnHotTable;
extern const Rule mergeAlterTable;
// 2. Data loss / integrity
// group: dataloss decls
extern const Rule banDropTable;
extern const Rule banDropColumn;
extern const Rule columnReplacedWithoutBackfill;
extern const Rule banDropDatabase;
extern const Rule banDropSchema;
extern const Rule banTruncate;
extern const Rule banTruncateCascade;
extern const Rule banDropCascade;
extern const Rule banOnDeleteCascade;
extern const Rule dmlWithoutWhere;
extern const Rule dropAndRecreateTable;
extern const Rule dropSequence;
extern const Rule dropConstraint;
extern const Rule disableTriggers;
extern const Rule dropOwned;
// 3. Data-dependent
// group: datadependent decls
extern const Rule addingRequiredField;
extern const Rule uniqueIndexMayFail;
extern const Rule narrowingColumnType;
extern const Rule unboundedDml;
// 4. Backward compatibility
// group: compat decls
extern const Rule renamingColumn;
extern const Rule renamingTable;
extern const Rule renamingSchema;
extern const Rule changingObjectSchema;
extern const Rule banDropNotNull;
extern const Rule droppingColumnDefault;
extern const Rule renamingEnumValue;
extern const Rule requireEnumValueOrdering;
extern const Rule preferJsonb;
extern const Rule replicaIdentityChange;
extern const Rule extensionVersionUpgrade;
extern const Rule dropDependentObject;
extern const Rule insertMustSpecifyColumns;
extern const Rule selectStarInView;
// 5. Performance
// group: performance decls
extern const Rule indexDropped;
extern const Rule missingFkIndex;
extern const Rule indexTooManyColumns;
extern const Rule indexDuplicateColumn;
extern const Rule redundantIndex;
extern const Rule indexCountLimit;
extern const Rule autovacuumDisabled;
extern const Rule columnAlignmentPadding;
extern const Rule maintenanceLoad;
extern const Rule queryAntipatterns;
// 6. Naming / style / schema design
// group: naming decls
extern const Rule identifierTooLong;
extern const Rule requireSchemaQualifiedNames;
extern const Rule namingConvention;
extern const Rule namingReservedKeyword;
extern const Rule preferBigintOverInt;
extern const Rule preferBigintOverSmallint;
extern const Rule preferIdentity;
extern const Rule preferTextField;
extern const Rule banCharField;
extern const Rule preferTimestamptz;
extern const Rule requirePrimaryKey;
extern const Rule banDuplicateColumnAssignments;
extern const Rule enumTypeCreated;
extern const Rule typePolicy;
extern const Rule columnPolicy;
extern const Rule tableFeaturePolicy;
extern const Rule commentConvention;
extern const Rule collationEncodingAllowlist;
// 7. Security / privilege
// group: security decls
extern const Rule broadGrant;
extern const Rule revokePrivileges;
extern const Rule alterDefaultPrivileges;
extern const Rule privilegedRoleAttributes;
extern const Rule plaintextPassword;
extern const Rule securityDefinerWithoutSearchPath;
extern const Rule disableRowLevelSecurity;
extern const Rule enableRlsWithoutPolicy;
extern const Rule policyChange;
extern const Rule ownershipAndRoleContext;
extern const Rule dynamicSqlInFunction;
extern const Rule serverSideFileAccess;
// 8. Transaction safety
// group: transaction decls
extern const Rule requireLockTimeout;
extern const Rule requireStatementTimeout;
extern const Rule lockTimeoutMisconfigured;
extern const Rule nonTransactionalStatementInTransaction;
extern const Rule mixedTransactionalAndNonTransactional;
extern const Rule transactionNesting;
extern const Rule banUncommittedTransaction;
extern const Rule preferRobustStmts;
extern const Rule concurrentIndexRequiresName;
extern const Rule ddlAndDmlInSameTransaction;
extern const Rule enumValueUsedInSameTransaction;
extern const Rule pg14ConcurrentIndexCorruption;
// 9. Meta
// group: meta decls
extern const Rule syntaxError;
extern const Rule unusedIgnore;
extern const Rule suppressionWithoutReason;
extern const Rule unsupportedNewerSyntax;
extern const Rule opaqueCodeBlock;
extern const Rule psqlUnsetVariable;
extern const Rule psqlUnsafeMetaCommand;
extern const Rule psqlUnsupportedMetaCommand;
extern const Rule psqlIncludeFailed;
extern const Rule psqlInvalidConditional;
} // namespace rules

namespace {
const std::array kRules{
    // group: locking entries
    &rules::requireConcurrentIndexCreation,
    &rules::requireConcurrentIndexDeletion,
    &rules::requireConcurrentReindex,
    &rules::requireConcurrentPartitionDetach,
    &rules::requireConcurrentRefreshMatview,
    &rules::preferRepack,
    &rules::constraintMissingNotValid,
    &rules::addingForeignKeyConstraint,
    &rules::validateConstraintInSameTransaction,
    &rules::disallowedUniqueConstraint,
    &rules::addingPrimaryKeyConstraint,
    &rules::primaryKeyUsingIndexOnNullable,
    &rules::addingExclusionConstraint,
    &rules::addingNotNullableField,
    &rules::changingColumnType,
    &rules::addingFieldWithVolatileDefault,
    &rules::addingStoredGeneratedColumn,
    &rules::addingAutoIncrementColumn,
    &rules::addingColumnWithConstrainedDomain,
    &rules::banAlterDomainWithAddConstraint,
    &rules::banCreateDomainWithConstraint,
    &rules::tableRewriteAlter,
    &rules::triggerDdlOnExistingTable,
    &rules::explicitLockTable,
    &rules::redefinePrimaryKey,
    &rules::attachPartitionWithoutCheck,
    &rules::indexOnPartitionedTable,
    &rules::statementAfterAccessExclusive,
    &rules::ddlOnHotTable,
    &rules::mergeAlterTable,
    // group: dataloss entries
    &rules::banDropTable,
    &rules::banDropColumn,
    &rules::columnReplacedWithoutBackfill,
    &rules::banDropDatabase,
    &rules::banDropSchema,
    &rules::banTruncate,
    &rules::banTruncateCascade,
    &rules::banDropCascade,
    &rules::banOnDeleteCascade,
    &rules::dmlWithoutWhere,
    &rules::dropAndRecreateTable,
    &rules::dropSequence,
    &rules::dropConstraint,
    &rules::disableTriggers,
    &rules::dropOwned,
    // group: datadependent entries
    &rules::addingRequiredField,
    &rules::uniqueIndexMayFail,
    &rules::narrowingColumnType,
    &rules::unboundedDml,
    // group: compat entries
    &rules::renamingColumn,
    &rules::renamingTable,
    &rules::renamingSchema,
    &rules::changingObjectSchema,
    &rules::banDropNotNull,
    &rules::droppingColumnDefault,
    &rules::renamingEnumValue,
    &rules::requireEnumValueOrdering,
    &rules::preferJsonb,
    &rules::replicaIdentityChange,
    &rules::extensionVersionUpgrade,
    &rules::dropDependentObject,
    &rules::insertMustSpecifyColumns,
    &rules::selectStarInView,
    // group: performance entries
    &rules::indexDropped,
    &rules::missingFkIndex,
    &rules::indexTooManyColumns,
    &rules::indexDuplicateColumn,
    &rules::redundantIndex,
    &rules::indexCountLimit,
    &rules::autovacuumDisabled,
    &rules::columnAlignmentPadding,
    &rules::maintenanceLoad,
    &rules::queryAntipatterns,
    // group: naming entries
    &rules::identifierTooLong,
    &rules::requireSchemaQualifiedNames,
    &rules::namingConvention,
    &rules::namingReservedKeyword,
    &rules::preferBigintOverInt,
    &rules::preferBigintOverSmallint,
    &rules::preferIdentity,
    &rules::preferTextField,
    &rules::banCharField,
    &rules::preferTimestamptz,
    &rules::requirePrimaryKey,
    &rules::banDuplicateColumnAssignments,
    &rules::enumTypeCreated,
    &rules::typePolicy,
    &rules::columnPolicy,
    &rules::tableFeaturePolicy,
    &rules::commentConvention,
    &rules::collationEncodingAllowlist,
    // group: security entries
    &rules::broadGrant,
    &rules::revokePrivileges,
    &rules::alterDefaultPrivileges,
    &rules::privilegedRoleAttributes,
    &rules::plaintextPassword,
    &rules::securityDefinerWithoutSearchPath,
    &rules::disableRowLevelSecurity,
    &rules::enableRlsWithoutPolicy,
    &rules::policyChange,
    &rules::ownershipAndRoleContext,
    &rules::dynamicSqlInFunction,
    &rules::serverSideFileAccess,
    // group: transaction entries
    &rules::requireLockTimeout,
    &rules::requireStatementTimeout,
    &rules::lockTimeoutMisconfigured,
    &rules::nonTransactionalStatementInTransaction,
    &rules::mixedTransactionalAndNonTransactional,
    &rules::transactionNesting,
    &rules::banUncommittedTransaction,
    &rules::preferRobustStmts,
    &rules::concurrentIndexRequiresName,
    &rules::ddlAndDmlInSameTransaction,
    &rules::enumValueUsedInSameTransaction,
    &rules::pg14ConcurrentIndexCorruption,
    // group: meta entries
    &rules::syntaxError,
    &rules::unsupportedNewerSyntax,
    &rules::unusedIgnore,
    &rules::suppressionWithoutReason,
    &rules::opaqueCodeBlock,
    &rules::psqlUnsetVariable,
    &rules::psqlUnsafeMetaCommand,
    &rules::psqlUnsupportedMetaCommand,
    &rules::psqlIncludeFailed,
    &rules::psqlInvalidConditional,
};
} // namespace

std::span<const Rule *const> allRules()
{
    return kRules;
}

const Rule *findRule(std::string_view id)
{
    for (const Rule *rule : kRules) {
        if (rule->id == id)
            return rule;
    }
    return nullptr;
}

} // namespace sluice::review
