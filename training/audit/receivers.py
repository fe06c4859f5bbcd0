"""Receivers that record what other parts announce: the imports and exports of the library and
question banks (their apps' signals), and role changes (team manager and members, groups,
permissions, staff, superuser and active flags), whether made on the site or in the Django
admin."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from assessments.signals import questions_exported, questions_imported
from content.signals import library_exported, library_imported
from training.teams.models import Team

from .models import AuditKind
from .recorder import record

# --- Imports and exports the library and question banks announce (commands and downloads) ------


@receiver(library_imported, dispatch_uid="audit-library-import")
def on_library_imported(sender, path, report, **kwargs):
    record(kind=AuditKind.IMPORT, summary=f"document library imported from {path}: {report.summary}")


@receiver(questions_imported, dispatch_uid="audit-questions-import")
def on_questions_imported(sender, bank, questions, **kwargs):
    record(kind=AuditKind.IMPORT,
           summary=f"GIFT questions imported into the bank “{bank.name}”: {len(questions)} question(s)")


@receiver(library_exported, dispatch_uid="audit-library-export")
def on_library_exported(sender, path, files, **kwargs):
    record(kind=AuditKind.EXPORT, summary=f"document library written to {path}: {len(files)} document(s)")


@receiver(questions_exported, dispatch_uid="audit-questions-export")
def on_questions_exported(sender, bank, count, destination, **kwargs):
    record(kind=AuditKind.EXPORT,
           summary=f"GIFT questions of the bank “{bank.name}” written to {destination}: {count} question(s)")


# --- Role changes --------------------------------------------------------------------------------

User = get_user_model()
WATCHED_FLAGS = ("is_active", "is_staff", "is_superuser")


def _name(user):
    return user.get_username()


@receiver(pre_save, dispatch_uid="audit-mark-loaded")
def mark_loaded(sender, instance, raw=False, **kwargs):
    """loaddata (a restore) saves rows raw, then sets their many-to-many: not a role change."""
    if raw and sender in (User, Group, Team):
        instance._audit_loaded = True


def _loaded(instance):
    return getattr(instance, "_audit_loaded", False)


@receiver(post_save, sender=Team, dispatch_uid="audit-team-after")
def on_team_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record(kind=AuditKind.ROLE_CHANGE, summary=f"team {instance.name} created")


# What joining and leaving each of a team's lists of people is called in the log.
TEAM_ROLES = {
    "members": ("joined team {team}", "left team {team}"),
    "managers": ("became a manager of team {team}", "is no longer a manager of team {team}"),
    "mentors": ("became a mentor of team {team}", "is no longer a mentor of team {team}"),
    "hosts": ("became a shadow host of team {team}", "is no longer a shadow host of team {team}"),
}


def _team_role_changed(field, instance, action, reverse, pk_set):
    """One event per person whose place on a team changed (``team.managers.add(...)`` or, from the
    other side, ``user.managed_teams.remove(...)``)."""
    if action not in ("post_add", "post_remove", "pre_clear") or _loaded(instance):
        return
    if action == "pre_clear":  # Django gives no pk_set: read who is about to go
        accessor = field if not reverse else Team._meta.get_field(field).remote_field.get_accessor_name()
        pairs = [(instance, u) if not reverse else (u, instance) for u in getattr(instance, accessor).all()]
    elif not reverse:  # team.<field>.add(users)
        pairs = [(instance, u) for u in User.objects.filter(pk__in=pk_set)]
    else:  # user.<related>.add(teams)
        pairs = [(t, instance) for t in Team.objects.filter(pk__in=pk_set)]
    joined, left = TEAM_ROLES[field]
    verb = joined if action == "post_add" else left
    for team, user in pairs:
        record(kind=AuditKind.ROLE_CHANGE, subject=user, summary=f"{_name(user)} {verb.format(team=team.name)}")


def _connect_team_roles():
    for field in TEAM_ROLES:
        def receiver_for(sender, instance, action, reverse, model, pk_set, field=field, **kwargs):
            _team_role_changed(field, instance, action, reverse, pk_set)

        m2m_changed.connect(receiver_for, sender=getattr(Team, field).through, weak=False,
                            dispatch_uid=f"audit-team-{field}")


_connect_team_roles()


@receiver(pre_save, sender=User, dispatch_uid="audit-user-before")
def before_user_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    instance._audit_flags = None
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(WATCHED_FLAGS):
        return  # e.g. last_login at each login: no extra query
    instance._audit_flags = User.objects.filter(pk=instance.pk).values(*WATCHED_FLAGS).first()


@receiver(post_save, sender=User, dispatch_uid="audit-user-after")
def on_user_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        flags = [flag for flag in ("is_staff", "is_superuser") if getattr(instance, flag)]
        if flags:
            record(kind=AuditKind.ROLE_CHANGE, subject=instance,
                   summary=f"user {_name(instance)} created with {', '.join(flags)}")
        return
    before = getattr(instance, "_audit_flags", None) or {}
    changes = [f"{flag} {before[flag]} → {getattr(instance, flag)}" for flag in WATCHED_FLAGS
               if flag in before and before[flag] != getattr(instance, flag)]
    if changes:
        record(kind=AuditKind.ROLE_CHANGE, subject=instance, summary=f"user {_name(instance)}: {', '.join(changes)}")


def _describe(model, pks):
    if model is Group:
        return ", ".join(sorted(Group.objects.filter(pk__in=pks).values_list("name", flat=True)))
    if model is User:
        return ", ".join(sorted(User.objects.filter(pk__in=pks).values_list("username", flat=True)))
    rows = model.objects.filter(pk__in=pks).select_related("content_type")
    return ", ".join(sorted(f"{p.content_type.app_label}.{p.codename}" for p in rows))


def _m2m_role_change(label, sender, instance, action, reverse, model, pk_set):
    if action not in ("post_add", "post_remove", "pre_clear") or _loaded(instance):
        return
    verb = {"post_add": "added", "post_remove": "removed", "pre_clear": "removed (cleared)"}[action]
    if action == "pre_clear":  # Django gives no pk_set: read what is about to go
        relations = [f for f in sender._meta.fields if f.is_relation]
        source = next(f for f in relations if isinstance(instance, f.related_model))
        target = next(f for f in relations if f is not source)
        pk_set = set(sender.objects.filter(**{source.name: instance}).values_list(target.attname, flat=True))
    if not pk_set:
        return
    if reverse:
        label = "groups" if model is Group else "users"
    owner = _name(instance) if isinstance(instance, User) else f"{type(instance).__name__.lower()} {instance}"
    subjects = [instance] if isinstance(instance, User) else (
        list(User.objects.filter(pk__in=pk_set)) if model is User else [None])
    for subject in subjects:
        record(kind=AuditKind.ROLE_CHANGE, subject=subject,
               summary=f"{owner}: {label} {verb}: {_describe(model, pk_set)}")


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit-user-groups")
def on_user_groups(sender, instance, action, reverse, model, pk_set, **kwargs):
    _m2m_role_change("groups", sender, instance, action, reverse, model, pk_set)


@receiver(m2m_changed, sender=User.user_permissions.through, dispatch_uid="audit-user-permissions")
def on_user_permissions(sender, instance, action, reverse, model, pk_set, **kwargs):
    _m2m_role_change("permissions", sender, instance, action, reverse, model, pk_set)


@receiver(m2m_changed, sender=Group.permissions.through, dispatch_uid="audit-group-permissions")
def on_group_permissions(sender, instance, action, reverse, model, pk_set, **kwargs):
    _m2m_role_change("permissions", sender, instance, action, reverse, model, pk_set)
