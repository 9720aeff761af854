"""Quick-add, edit, and finding cards by id or name."""

from __future__ import annotations

import pytest
from sqlmodel import select

from carddeck import deck
from carddeck.errors import AmbiguousCard, CardNotFound, Conflict, InvalidInput
from carddeck.store import Card, Kind, Stage, Status, Store
from tests.helpers import at


def add(store: Store, **fields: object) -> deck.Outcome:
    with store.write() as session:
        now = fields.pop("now", None)
        return deck.add_card(session, deck.CardDraft(**fields), now=now)  # type: ignore[arg-type]


def test_quick_add_normalises_contact_fields(store: Store, clock: object) -> None:
    outcome = add(
        store,
        name="  Ann Lee ",
        phone="(212) 555-0134",
        email="Ann.Lee@Example.COM",
        company="Acme",
        source="Trade show",
    )
    card = outcome.card
    assert (card.name, card.phone, card.email) == ("Ann Lee", "+12125550134", "ann.lee@example.com")
    assert card.status == Status.new and card.stage == Stage.rapport and card.kind == Kind.lead
    assert card.attempts == 0 and card.version == 1
    with store.read() as session:
        stored = session.get(Card, card.id)
        assert stored is not None and stored.source == "Trade show"


def test_a_lead_added_friday_evening_is_due_monday(store: Store, clock: object) -> None:
    card = add(store, name="Ann").card
    assert card.next_follow_up == at(2026, 11, 23, 18, 30)


def test_an_explicit_first_follow_up_wins(store: Store, clock: object) -> None:
    assert add(store, name="Ann", next_follow_up=at(2026, 11, 21, 10)).card.next_follow_up == at(
        2026, 11, 21, 10
    )


def test_a_phone_that_does_not_parse_is_kept_with_a_warning(store: Store) -> None:
    outcome = add(store, name="Ann", phone="ext 12")
    assert outcome.card.phone == "ext 12"
    assert any("not a valid number" in w for w in outcome.warnings)


def test_referred_leads_are_referrals(store: Store) -> None:
    assert add(store, name="Ann", referred_by="Bob").card.kind == Kind.referral


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "needs a name"),
        ({"name": "Ann", "email": "ann@"}, "invalid email"),
        ({"name": "Ann", "kind": "friend"}, "kind must be one of"),
    ],
)
def test_bad_cards_are_refused_and_nothing_is_stored(
    store: Store, fields: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        add(store, **fields)
    with store.read() as session:
        assert session.exec(select(Card)).all() == []


def test_someone_marked_do_not_contact_is_not_added_again_unless_forced(store: Store) -> None:
    from carddeck.deck.privacy import DoNotContact

    first = add(store, name="Ann", email="ann@x.com", phone="212 555 0134").card
    with store.write() as session:
        deck.mark_do_not_contact(session, deck.get_card(session, first.id or 0))
    with pytest.raises(DoNotContact, match="same email and asked not to be contacted"):
        add(store, name="Ann L", email="ANN@x.com")
    with pytest.raises(DoNotContact, match="same phone"):
        add(store, name="Someone", phone="+1 212-555-0134")
    again = add(store, name="Ann L", email="ANN@x.com", override_dnc=True)
    assert [(d.same, d.do_not_contact) for d in again.duplicates] == [("email", True)]
    with store.read() as session:
        assert len(session.exec(select(Card)).all()) == 2


def test_cards_are_found_by_id_name_or_an_unambiguous_start(store: Store) -> None:
    ann = add(store, name="Ann Lee").card
    add(store, name="Ann Other")
    bob = add(store, name="Bob Stone").card
    add(store, name="100%_Deals")
    with store.read() as session:
        assert deck.resolve_card(session, str(ann.id)).id == ann.id
        assert deck.resolve_card(session, f"#{bob.id}").id == bob.id
        assert deck.resolve_card(session, "ann l").id == ann.id
        assert deck.resolve_card(session, "BOB").id == bob.id
        assert deck.resolve_card(session, "stone").id == bob.id  # start of a later word
        assert deck.resolve_card(session, "100%_").name == "100%_Deals"
        with pytest.raises(AmbiguousCard, match="#2 Ann Other, #1 Ann Lee"):  # deck order
            deck.resolve_card(session, "ann")
        with pytest.raises(CardNotFound, match="no card matches 'zed'"):
            deck.resolve_card(session, "zed")
        with pytest.raises(CardNotFound, match="no card #99"):
            deck.resolve_card(session, "99")
        with pytest.raises(CardNotFound):
            deck.resolve_card(session, "1%")  # % is literal, not a wildcard


def test_edit_changes_fields_and_bumps_the_version(store: Store, clock: object) -> None:
    card = add(store, name="Ann").card
    with store.write() as session:
        target = deck.get_card(session, card.id or 0)
        deck.edit_card(
            session,
            target,
            deck.CardChanges(stage="present", need="faster quotes", email="a@b.co", company=""),
        )
    with store.read() as session:
        stored = deck.get_card(session, card.id or 0)
        assert (stored.stage, stored.need, stored.email, stored.company) == (
            Stage.present,
            "faster quotes",
            "a@b.co",
            None,
        )
        assert stored.version == 2


def test_edit_of_a_card_changed_elsewhere_is_refused(store: Store) -> None:
    card = add(store, name="Ann").card
    seen = card.version
    with store.write() as session:
        deck.edit_card(
            session, deck.get_card(session, card.id or 0), deck.CardChanges(notes="theirs")
        )
    with pytest.raises(Conflict, match="changed elsewhere"):
        with store.write() as session:
            target = deck.get_card(session, card.id or 0)
            deck.edit_card(session, target, deck.CardChanges(notes="mine"), expected_version=seen)
    with store.read() as session:
        assert deck.get_card(session, card.id or 0).notes == "theirs"


def test_edit_needs_a_change_and_an_open_card_for_a_date(store: Store, clock: object) -> None:
    card = add(store, name="Ann").card
    with pytest.raises(InvalidInput, match="nothing to change"), store.write() as session:
        deck.edit_card(session, deck.get_card(session, card.id or 0), deck.CardChanges())
    with store.write() as session:
        deck.mark_lost(session, deck.get_card(session, card.id or 0), reason="no budget")
    with pytest.raises(InvalidInput, match="reopen it"), store.write() as session:
        target = deck.get_card(session, card.id or 0)
        deck.edit_card(session, target, deck.CardChanges(next_follow_up=at(2026, 12, 1, 9)))


def test_a_customers_check_in_can_be_moved(store: Store, clock: object) -> None:
    card = add(store, name="Ann").card
    with store.write() as session:
        deck.mark_won(session, deck.get_card(session, card.id or 0))
    with store.write() as session:
        target = deck.get_card(session, card.id or 0)
        deck.edit_card(session, target, deck.CardChanges(next_follow_up=at(2026, 12, 1, 9)))
    with store.read() as session:
        moved = deck.get_card(session, card.id or 0)
    assert (moved.status, moved.next_follow_up) == (Status.won, at(2026, 12, 1, 9))


def test_a_card_is_added_with_its_stage_in_one_call(store: Store, clock: object) -> None:
    card = add(store, name="Ann", stage="present").card
    assert card.stage.value == "present" and card.version == 1
    with pytest.raises(InvalidInput, match="stage must be one of"):
        add(store, name="Bob", stage="haggling")


def test_statuses_go_by_their_short_names_too() -> None:
    from carddeck.deck.fields import short_status, status_named
    from carddeck.store import Status

    assert status_named("dnc") == status_named("do-not-contact") == Status.do_not_contact
    assert short_status(Status.do_not_contact) == "dnc" and short_status(Status.won) == "won"
    with pytest.raises(InvalidInput, match="new, active, nurture, won, lost, dnc"):
        status_named("cold")
