"""Access control: organisations, users and roles, sessions and API tokens, THE releasability
policy, small-cell suppression and the audit log.

    from nadd.access import ANONYMOUS, Principal, scoped, visible_sql
    sql, params = visible_sql(principal, "o")      # the one enforcement point
    view = scoped(store, principal)                # a store that reads only what principal may see
"""

from nadd.access.accounts import (
    AuthError,
    Forbidden,
    authenticate,
    create_org,
    create_user,
    hash_password,
    principal_for,
    verify_password,
)
from nadd.access.audit import audit, audit_entries
from nadd.access.policy import can_see, effective_rank, visible_sql
from nadd.access.principal import ANONYMOUS, ROLES, Principal
from nadd.access.scoped import ScopedStore, scoped
from nadd.access.sessions import (
    SESSION_TTL,
    CsrfError,
    check_csrf,
    create_session,
    create_token,
    delete_session,
    principal_from_session,
    principal_from_token,
    revoke_token,
    session_csrf,
)
from nadd.access.suppress import suppress

__all__ = [
    "ANONYMOUS", "ROLES", "SESSION_TTL", "AuthError", "CsrfError", "Forbidden", "Principal",
    "ScopedStore", "audit", "audit_entries", "authenticate", "can_see", "check_csrf",
    "create_org", "create_session", "create_token", "create_user", "delete_session",
    "effective_rank", "hash_password", "principal_for", "principal_from_session",
    "principal_from_token", "revoke_token", "scoped", "session_csrf", "suppress",
    "verify_password", "visible_sql",
]
