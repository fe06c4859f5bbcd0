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


@receiver(pre_save, sender=Team, dispatch_uid="audit-team-before")
def before_team_saved(sender, instance, raw=False, **kwargs):
    instance._audit_manager_id = None
    if instance.pk and not raw:
        instance._audit_manager_id = Team.objects.filter(pk=instance.pk).values_list("manager_id", flat=True).first()


@receiver(post_save, sender=Team, dispatch_uid="audit-team-after")
def on_team_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        record(kind=AuditKind.ROLE_CHANGE, subject=instance.manager,
               summary=f"team {instance.name} created with manager {_name(instance.manager)}")
    elif getattr(instance, "_audit_manager_id", None) not in (None, instance.manager_id):
        before = User.objects.filter(pk=instance._audit_manager_id).first()
        record(kind=AuditKind.ROLE_CHANGE, subject=instance.manager,
               summary=f"team {instance.name}: manager {_name(before) if before else '?'} → "
                       f"{_name(instance.manager)}")


def _members_changed(team, action, users):
    verb = {"post_add": "joined", "post_remove": "left", "pre_clear": "left"}[action]
    for user in users:
        record(kind=AuditKind.ROLE_CHANGE, subject=user, summary=f"{_name(user)} {verb} team {team.name}")


@receiver(m2m_changed, sender=Team.members.through, dispatch_uid="audit-team-members")
def on_team_members(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear") or _loaded(instance):
        return
    if action == "pre_clear":
        pairs = [(instance, u) for u in instance.members.all()] if not reverse else \
            [(t, instance) for t in instance.teams.all()]
    elif not reverse:  # team.members.add(users)
        pairs = [(instance, u) for u in User.objects.filter(pk__in=pk_set)]
    else:  # user.teams.add(teams)
        pairs = [(t, instance) for t in Team.objects.filter(pk__in=pk_set)]
    for team, user in pairs:
        _members_changed(team, action, [user])


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
