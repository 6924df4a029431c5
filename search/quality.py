"""Writes of the search quality tools kept by platform admins: synonyms and best bets."""

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import BestBet, Synonym


@transaction.atomic
def synonym_save(*, term: str, official: str) -> Synonym:
    term, official = term.strip(), official.strip()
    synonym = Synonym.objects.filter(term=term).first() or Synonym(term=term)
    synonym.official = official
    if not synonym.official_terms:
        raise ValidationError({"official": "请至少填写一个规范用语。"})
    if term in synonym.official_terms:
        raise ValidationError({"official": "规范用语不能与常用说法相同。"})
    synonym.full_clean()
    synonym.save()
    return synonym


@transaction.atomic
def best_bet_create(*, query: str, title: str, url: str, description: str = "", tenant=None):
    bet = BestBet(
        query=" ".join(query.split()),
        title=title.strip(),
        url=url.strip(),
        description=description.strip(),
        tenant_id=getattr(tenant, "pk", None),
    )
    bet.full_clean()
    bet.save()
    return bet
