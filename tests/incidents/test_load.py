import pytest

from nadd.errors import NotFound, StoreError
from nadd.incidents import get_incident, list_incidents, list_parties, load
from nadd.incidents.store import LOCAL


def test_loading_the_same_folder_twice_adds_nothing(any_store, small_batch):
    first = load(any_store, small_batch, source="small")
    again = load(any_store, small_batch, source="small")
    assert first["rows_added"] == small_batch.rows and again["rows_added"] == 0
    for t, table in small_batch.tables.items():
        assert any_store.scalar(f"SELECT count(*) FROM {t}") == table.num_rows
    assert any_store.scalar("SELECT count(*) FROM incident_loads") == 1


def test_incidents_already_stored_are_skipped_with_their_rows(store, small_batch):
    from nadd.incidents.importer import Batch

    head = Batch({t: tb for t, tb in small_batch.tables.items()}, "other-digest")
    head.tables["incidents"] = small_batch["incidents"].slice(0, 100)
    load(store, head)
    res = load(store, small_batch)
    assert res["incidents_added"] == small_batch["incidents"].num_rows - 100
    assert store.scalar("SELECT count(*) FROM parties") == small_batch["parties"].num_rows


def test_a_failing_load_leaves_nothing_behind(any_store, small_batch, monkeypatch):
    real = type(any_store)._insert_arrow

    def boom(self, table, data, **kw):
        if table == "parties":
            raise RuntimeError("disk full")
        return real(self, table, data, **kw)

    monkeypatch.setattr(type(any_store), "_insert_arrow", boom)
    with pytest.raises((RuntimeError, StoreError)):
        load(any_store, small_batch)
    monkeypatch.undo()
    for t in ("incidents", "incident_items", "firearms", "transactions", "parties", "incident_loads"):
        assert any_store.scalar(f"SELECT count(*) FROM {t}") == 0


def test_child_rows_take_the_marks_of_their_incident(store, small_batch):
    load(store, small_batch)
    bad = store.scalar("SELECT count(*) FROM incident_items x JOIN incidents i USING (incident_id) "
                       "WHERE x.tlp <> i.tlp OR x.releasability <> i.releasability OR NOT x.synthetic")
    assert bad == 0
    assert store.scalar("SELECT count(*) FROM parties WHERE NOT synthetic") == 0


def test_postal_tracking_numbers_are_checked_and_flagged_not_refused(store, small_batch):
    load(store, small_batch)
    assert store.scalar("SELECT count(*) FROM incidents WHERE mode = 'international_mail' "
                        "AND tracking_number_valid") > 0
    assert store.scalar("SELECT count(*) FROM incidents WHERE mode = 'international_mail' "
                        "AND NOT tracking_number_valid") == 0


def test_reads_show_the_public_nothing_restricted_and_the_operator_everything(store, small_batch):
    load(store, small_batch)
    assert list_incidents(store).empty  # no synthetic incident is public
    everything = list_incidents(store, LOCAL, limit=None)
    assert len(everything) == small_batch["incidents"].num_rows
    with pytest.raises(NotFound):
        get_incident(store, everything["incident_id"].iloc[0])
    one = get_incident(store, everything["incident_id"].iloc[0], LOCAL)
    assert one["incident"]["synthetic"]


def test_an_agency_sees_its_own_restricted_incidents_and_not_another_agencys(store, small_batch):
    access = pytest.importorskip("nadd.access.principal")
    load(store, small_batch)
    cbp = access.Principal(user_id="u1", username="a@cbp", org_id="o1", agency="CBP", country="US",
                           roles=frozenset({"analyst"}))
    seen = list_incidents(store, cbp, limit=None)
    assert (seen["owner_agency"] == "CBP").any()
    own_only = store.scalar("SELECT count(*) FROM incidents WHERE releasability = 'owner_agency' "
                            "AND owner_agency <> 'CBP'")
    assert own_only > 0
    assert not ((seen["releasability"] == "owner_agency") & (seen["owner_agency"] != "CBP")).any()
    parties = list_parties(store, cbp, limit=None)
    assert set(parties["incident_id"]) <= set(list_incidents(store, LOCAL, limit=None)["incident_id"])


def test_list_filters_by_kind_jurisdiction_and_substance(store, small_batch):
    load(store, small_batch)
    mail = list_incidents(store, LOCAL, kind="postal_item", limit=None)
    assert len(mail) and set(mail["kind"]) == {"postal_item"}
    mx = list_incidents(store, LOCAL, jurisdiction="MX", limit=None)
    assert len(mx) and mx["jurisdiction_id"].str.startswith("MX-").all()
    fent = list_incidents(store, LOCAL, substance="fentanyl", limit=None)
    ids = set(store.df("SELECT incident_id FROM incident_items WHERE substance_id = 'fentanyl'")["incident_id"])
    assert set(fent["incident_id"]) == ids


def _two_incidents(tmp_path):
    from nadd.incidents import read_folder

    head = ("incident_id,kind,event_date,jurisdiction_id,owner_country,owner_agency,releasability,tlp\n")
    (tmp_path / "incidents.csv").write_text(head + "PUB-1,seizure,2024-01-05,MX-SIN,MX,FGR,public,TLP:CLEAR\n"
                                                   "RES-1,seizure,2024-01-06,MX-SIN,MX,FGR,nadd,TLP:AMBER\n")
    return read_folder(tmp_path)


def test_the_public_sees_public_incidents_only(store, tmp_path):
    load(store, _two_incidents(tmp_path))
    assert list(list_incidents(store)["incident_id"]) == ["PUB-1"]


def test_without_the_access_module_reads_fall_back_to_public_only(store, tmp_path, monkeypatch):
    import sys

    load(store, _two_incidents(tmp_path))
    monkeypatch.setitem(sys.modules, "nadd.access", None)  # import fails as if the module were absent
    assert list(list_incidents(store, object())["incident_id"]) == ["PUB-1"]
