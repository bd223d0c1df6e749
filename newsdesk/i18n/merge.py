"""Merge a template into a catalogue as GNU msgmerge does, without losing a translator's work.

Exact matches keep their translation and flags; a changed message takes the closest old
translation as fuzzy, with ``#|`` naming the text that translation was made from (kept through
several edits); a removed message becomes obsolete with its flags; a message that comes back gets
its translation, and its fuzzy flag, back. Plural translations are kept as they are, and made fuzzy
when a form is empty or their count disagrees with Plural-Forms. New messages may be prefilled
from the translation memory, as fuzzy.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass

from babel.messages.catalog import Catalog, Message

from newsdesk.i18n.matching import CandidateIndex

logger = logging.getLogger(__name__)

MEMORY_COMMENT = "memory:"  # translator comments written by the translation memory start so


@dataclass
class MergeReport:
    """What a merge did that a translator should know."""

    prefilled: int = 0
    fuzzy_matched: int = 0


def strings_of(message: Message) -> tuple[str, ...]:
    value = message.string
    return tuple(value) if isinstance(value, (list, tuple)) else (value or "",)


def has_translation(message: Message) -> bool:
    return any(strings_of(message))


def is_complete(message: Message, num_plurals: int) -> bool:
    """Every form translated, and as many forms as Plural-Forms says."""
    strings = strings_of(message)
    if message.pluralizable and len(strings) != num_plurals:
        return False
    return all(strings)


def _adapted(string, template: Message):
    """An old translation in the shape of the template's message (singular or plural)."""
    if template.pluralizable:
        return tuple(string) if isinstance(string, (list, tuple)) else (string,)
    return string[0] if isinstance(string, (list, tuple)) else string


def _key(message: Message):
    return (message.id if not isinstance(message.id, list) else tuple(message.id), message.context)


def _from_template(template: Message) -> Message:
    message = copy.copy(template)
    message.flags = set(template.flags)
    message.user_comments = []
    message.previous_id = []
    return message


def merge_catalogue(existing: Catalog, template: Catalog, memory=None, exclude_memory: str = "") -> MergeReport:
    """Bring ``existing`` up to date with ``template`` in place; return what was prefilled."""
    report = MergeReport()
    old: dict = {}
    for message in [*existing.obsolete.values(), *existing]:
        if message.id:
            old[_key(message)] = message
    index = CandidateIndex()
    for key, message in old.items():
        if has_translation(message):
            text = message.id[0] if isinstance(message.id, (list, tuple)) else message.id
            index.add(text, key)
    for key in list(existing._messages):  # noqa: SLF001 - Babel offers no way to clear a catalogue
        del existing._messages[key]  # noqa: SLF001
    existing.obsolete.clear()
    used: set = set()
    num_plurals = existing.num_plurals
    for template_message in template:
        if not template_message.id:
            continue
        key = _key(template_message)
        message = _from_template(template_message)
        if key in old:
            before = old[key]
            used.add(key)
            message.string = _adapted(before.string, template_message)
            message.flags |= {"fuzzy"} & before.flags
            message.user_comments = list(before.user_comments)
            message.previous_id = list(before.previous_id) if before.fuzzy else []
            message.lineno = before.lineno  # where a problem of it is, in the file on disk
        else:
            text = key[0][0] if isinstance(key[0], tuple) else key[0]
            found = index.best(text)
            if found is not None:
                before = old[found[1]]
                used.add(found[1])
                report.fuzzy_matched += 1
                message.string = _adapted(before.string, template_message)
                message.flags.add("fuzzy")
                message.user_comments = list(before.user_comments)
                origin = before.previous_id if before.fuzzy and before.previous_id else None
                ids = before.id if isinstance(before.id, (list, tuple)) else [before.id]
                message.previous_id = list(origin or ids)
            elif memory is not None:
                suggestion = memory.suggest(text, exclude=exclude_memory)
                if suggestion is not None:
                    report.prefilled += 1
                    message.string = _adapted(suggestion.string, template_message)
                    message.flags.add("fuzzy")
                    message.user_comments = [f"{MEMORY_COMMENT} {suggestion.describe()}"]
                    if suggestion.source != text:
                        message.previous_id = [suggestion.source]
        if not message.fuzzy:
            message.previous_id = []
            message.user_comments = [c for c in message.user_comments if not c.startswith(MEMORY_COMMENT)]
        if message.pluralizable and has_translation(message) and not is_complete(message, num_plurals):
            message.flags.add("fuzzy")  # kept for the translator to finish, never emptied
        existing[message.id] = message
    for key, message in old.items():
        if key not in used and has_translation(message):
            message.locations = []
            existing.obsolete[existing._key_for(message.id, message.context)] = message  # noqa: SLF001
    return report
