"""The admin site is no back door (DATA-1): a model that declares confidential text
(mentoring/confidential.py) is shown with that text hidden unless the signed-in person may
read it in the portal too, and its text is never listed, searched, filtered on or sorted by.
The admin site refuses to register such a model without this (admin_site.py)."""

from django.contrib import admin

from .confidential import touches_confidential


class ConfidentialAdminMixin:
    """Each app says how its portal decides, in `may_read` (nobody, unless it says) and
    `record_read` (the audit of a read, DATA-2)."""

    HIDDEN = "Hidden: confidential to the people it belongs to."

    def may_read(self, request, obj):
        return False

    def record_read(self, request, obj):
        pass

    @property
    def said(self):
        return self.model.CONFIDENTIAL

    def _open(self, names):
        return [n for n in names if not self._touches(n)]

    def _touches(self, name):
        name = name[0] if isinstance(name, list | tuple) else name
        return isinstance(name, str) and touches_confidential(self.model, name.lstrip("^=@"))

    def get_list_display(self, request):
        return self._open(super().get_list_display(request))

    def get_list_filter(self, request):
        return self._open(super().get_list_filter(request))

    def get_search_fields(self, request):
        return self._open(super().get_search_fields(request))

    def lookup_allowed(self, lookup, value, request=None):
        """No filtering on what was written, even by hand in the address: a count of matches
        would tell what the hidden text says."""
        if self._touches(lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_fields(self, request, obj=None):
        opts = self.model._meta
        names = self.fields or [
            f.name for f in [*opts.fields, *opts.many_to_many] if not f.auto_created
        ]
        return [*self._open(names), "confidential_content"]

    def get_readonly_fields(self, request, obj=None):
        fixed = [f.name for f in self.model._meta.fields if not f.editable]
        return [*super().get_readonly_fields(request, obj), *fixed, "confidential_content"]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:
            obj.shown_in_admin = self.may_read(request, obj)
            if obj.shown_in_admin:
                self.record_read(request, obj)
        return obj

    @admin.display(description="What was written")
    def confidential_content(self, obj):
        if not getattr(obj, "shown_in_admin", False):
            return self.HIDDEN
        return "\n\n".join(
            f"{self.model._meta.get_field(name).verbose_name}: {getattr(obj, name)}"
            for name in self.said.hidden
        )


def confidential_fields_shown(admin_class, model):
    """What an admin class would list, search or filter on that some model declares
    confidential (through relations too): it must be nothing."""
    names = [
        *admin_class.list_display,
        *admin_class.list_filter,
        *admin_class.search_fields,
        *(admin_class.date_hierarchy and [admin_class.date_hierarchy] or []),
    ]
    names = [n[0] if isinstance(n, list | tuple) else n for n in names]
    names = [n.lstrip("^=@") for n in names if isinstance(n, str)]
    return [n for n in names if touches_confidential(model, n)]
