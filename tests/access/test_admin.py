"""Administering organisations and users: fields checked with the field named, roles replaced,
deactivation and password resets end sessions, on DuckDB and PostgreSQL."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from nadd.access import (
    create_session,
    create_token,
    principal_from_session,
    principal_from_token,
)
from nadd.access.admin import (
    add_org,
    add_user,
    list_orgs,
    list_users,
    set_active,
    set_password,
    set_roles,
)
from nadd.errors import NaddError, NotFound


@pytest.fixture
def org(any_store, fast_hashes):
    add_org(any_store, "mx-ssa", agency="SSA", country="mx", name="Secretaría de Salud")
    return any_store


def test_an_organisation_is_added_once_with_its_country_upper_cased(org):
    row = list_orgs(org).iloc[0]
    assert (row["org_id"], row["country"], row["agency"], row["active_users"]) == ("mx-ssa", "MX", "SSA", 0)
    with pytest.raises(NaddError) as e:
        add_org(org, "mx-ssa", agency="SSA", country="MX", name="again")
    assert e.value.details == [{"field": "org_id"}] and "exists" in e.value.message


@pytest.mark.parametrize("kwargs,field", [
    ({"org_id": "Bad Id"}, "org_id"), ({"country": "MEX"}, "country"), ({"agency": " "}, "agency"),
    ({"name": ""}, "name")])
def test_a_bad_organisation_field_is_named_with_a_hint(any_store, kwargs, field):
    args = {"org_id": "ca-phac", "agency": "PHAC", "country": "CA", "name": "Public Health Agency"} | kwargs
    with pytest.raises(NaddError) as e:
        add_org(any_store, args.pop("org_id"), **args)
    assert e.value.details == [{"field": field}] and e.value.hint


def test_users_are_listed_with_their_roles_in_rank_order_and_never_their_hash(org):
    add_user(org, "ana.lopez", "long-enough-1", org_id="mx-ssa", roles=["admin", "viewer"])
    df = list_users(org)
    assert df.to_dict("records")[0]["roles"] == "viewer;admin"
    assert not any("hash" in c for c in df.columns)
    assert list_users(org, org_id="other").empty


def test_a_user_of_an_unknown_org_or_with_an_unknown_role_is_refused(org):
    with pytest.raises(NotFound):
        add_user(org, "bob", "long-enough-1", org_id="nope", roles=["viewer"])
    with pytest.raises(NaddError) as e:
        add_user(org, "bob", "long-enough-1", org_id="mx-ssa", roles=["boss"])
    assert e.value.details == [{"field": "roles"}]
    with pytest.raises(NaddError):
        add_user(org, "bob", "short", org_id="mx-ssa", roles=["viewer"])
    assert list_users(org).empty


def test_roles_are_replaced_not_added(org):
    uid = add_user(org, "ana.lopez", "long-enough-1", org_id="mx-ssa", roles=["viewer"])
    set_roles(org, "ana.lopez", ["analyst", "steward"])
    token, _ = create_session(org, uid)
    p = principal_from_session(org, token)
    assert p.roles == frozenset({"analyst", "steward"})


def test_deactivation_ends_sessions_and_revokes_tokens_and_reactivation_does_not_revive_them(org):
    uid = add_user(org, "ana.lopez", "long-enough-1", org_id="mx-ssa", roles=["viewer"])
    session, _ = create_session(org, uid)
    token = create_token(org, uid, "script")["token"]
    set_active(org, "ana.lopez", False)
    assert principal_from_session(org, session) is None
    set_active(org, "ana.lopez", True)
    assert principal_from_session(org, session) is None
    with pytest.raises(NaddError):
        principal_from_token(org, token)


def test_a_password_reset_ends_sessions_and_the_new_password_works(org):
    from nadd.access import authenticate

    uid = add_user(org, "ana.lopez", "long-enough-1", org_id="mx-ssa", roles=["viewer"])
    session, _ = create_session(org, uid)
    set_password(org, "ana.lopez", "another-pass-2")
    assert principal_from_session(org, session) is None
    assert authenticate(org, "ana.lopez", "another-pass-2").username == "ana.lopez"
    with pytest.raises(NaddError):
        authenticate(org, "ana.lopez", "long-enough-1")


def test_the_cli_adds_and_lists_users_reading_the_password_from_stdin(tmp_path, fast_hashes):
    from nadd.cli import app

    db = f"duckdb:///{tmp_path}/a.duckdb"
    run = CliRunner().invoke
    assert run(app, ["access", "orgs", "add", "us-cdc", "--agency", "CDC", "--country", "US",
                     "--name", "CDC", "--db", db]).exit_code == 0
    r = run(app, ["access", "users", "add", "jo", "--org", "us-cdc", "--role", "analyst", "--password-stdin",
                  "--db", db], input="long-enough-1\n")
    assert r.exit_code == 0, r.output
    out = run(app, ["access", "users", "list", "--db", db], terminal_width=200).output
    assert "jo" in out and "analyst" in out and "us-cdc" in out
    bad = run(app, ["access", "users", "roles", "nobody", "--role", "viewer", "--db", db])
    assert bad.exit_code != 0
