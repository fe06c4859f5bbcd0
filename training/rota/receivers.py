from django.dispatch import receiver

from training.certification.reminders import Reminder, reminders_wanted

from .reminders import first_shifts_reminders


@receiver(reminders_wanted, sender=Reminder)
def first_shifts_reminders_wanted(sender, today, **kwargs):
    return first_shifts_reminders(today)
