"""What the search does when something is saved, in one place (imported by CitydipConfig.ready): the entry of
every public record saved or deleted is brought in line (index.reindex); publishing or withdrawing an article
also reindexes its authors and the initiatives it quotes; a quote of an initiative makes it public, or not; a
relation that changes — a membership, a city's part in an initiative, their quotes, an initiative's topics,
networks or bodies, an article's topics — reindexes the records it joins; a record renamed reindexes those
whose entries read its names.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.dispatch import receiver

from articles.models import Article, ArticleTopic, Author
from articles.signals import article_saved
from initiatives.models import (
    City,
    Initiative,
    InitiativeSource,
    InitiativeTopic,
    Membership,
    MembershipSource,
    Network,
    Participation,
    ParticipationSource,
)

from .index import KIND_BY_MODEL, reading_names_of, reindex
from .models import SearchEntry


@receiver(post_save, dispatch_uid="search.record_saved")
def record_saved(sender, instance, raw=False, **kwargs):
    if raw or sender not in KIND_BY_MODEL:
        return
    if reindex([instance]):
        for records in reading_names_of(instance):
            reindex(records)
    if sender is Article:
        # Publishing or withdrawing an article makes its authors public or not, and the initiatives it quotes.
        reindex(instance.authors.all())
        reindex(Initiative.objects.filter(sources__paragraph__article=instance).distinct())


def record_deleted(sender, instance, **kwargs):
    SearchEntry.objects.filter(kind=KIND_BY_MODEL[sender].key, object_id=instance.pk).delete()
    if sender is Article:  # its authors may have signed no other published article
        reindex(Author.objects.filter(pk__in=getattr(instance, "_authors_before_delete", ())))


# Connected model by model: a receiver for every model would keep Django from deleting any other model's rows
# in one statement (it would first read each row to send the signal).
for indexed_model in KIND_BY_MODEL:
    post_delete.connect(record_deleted, sender=indexed_model, dispatch_uid=f"search.record_deleted_{indexed_model.__name__}")


@receiver(pre_delete, sender=Article, dispatch_uid="search.article_deleting")
def article_deleting(sender, instance, **kwargs):
    # Now, while its byline still says who wrote it.
    instance._authors_before_delete = list(instance.authorships.values_list("author_id", flat=True))


@receiver(post_save, sender=InitiativeSource, dispatch_uid="search.initiative_quote_saved")
@receiver(post_delete, sender=InitiativeSource, dispatch_uid="search.initiative_quote_deleted")
def quote_changed(sender, instance, raw=False, **kwargs):
    """An initiative is public, and found, while a published article quotes it."""
    if not raw:
        reindex(Initiative.objects.filter(pk=instance.initiative_id))


@receiver(post_save, sender=Membership, dispatch_uid="search.membership_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="search.membership_deleted")
@receiver(post_save, sender=MembershipSource, dispatch_uid="search.membership_quote_saved")
@receiver(post_delete, sender=MembershipSource, dispatch_uid="search.membership_quote_deleted")
def membership_changed(sender, instance, raw=False, **kwargs):
    """A city is found by the names of the networks it is (publicly) in, a network by its members'."""
    if raw:
        return
    membership = instance if sender is Membership else Membership.objects.filter(pk=instance.membership_id).first()
    if membership is not None:
        reindex(City.objects.filter(pk=membership.city_id))
        reindex(Network.objects.filter(pk=membership.network_id))


@receiver(post_save, sender=Participation, dispatch_uid="search.participation_saved")
@receiver(post_delete, sender=Participation, dispatch_uid="search.participation_deleted")
@receiver(post_save, sender=ParticipationSource, dispatch_uid="search.participation_quote_saved")
@receiver(post_delete, sender=ParticipationSource, dispatch_uid="search.participation_quote_deleted")
def participation_changed(sender, instance, raw=False, **kwargs):
    """An initiative is found by the names of the cities (publicly) taking part."""
    if raw:
        return
    participation = instance if sender is Participation else Participation.objects.filter(pk=instance.participation_id).first()
    if participation is not None:
        reindex(Initiative.objects.filter(pk=participation.initiative_id))


@receiver(m2m_changed, sender=InitiativeTopic, dispatch_uid="search.initiative_topics_changed")
@receiver(m2m_changed, sender=Initiative.networks.through, dispatch_uid="search.initiative_networks_changed")
@receiver(m2m_changed, sender=Initiative.bodies.through, dispatch_uid="search.initiative_bodies_changed")
@receiver(m2m_changed, sender=ArticleTopic, dispatch_uid="search.article_topics_changed")
def relation_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """An initiative is found by its topics, networks and bodies, an article by its topics."""
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        reindex([instance])
    elif pk_set:  # from the other end (topic.initiatives.add(…)): the records are the pk_set's
        owner = Article if sender is ArticleTopic else Initiative
        reindex(owner.objects.filter(pk__in=pk_set))


@receiver(article_saved, dispatch_uid="search.article_body_saved")
def article_body_saved(sender, article, **kwargs):
    record_saved(Article, article)
