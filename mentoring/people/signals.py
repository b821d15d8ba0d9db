from django.dispatch import Signal

# Sent inside the import's transaction when anyone's line manager changed, so that higher apps
# can react (relationships flags new line-management links, MATCH-6) without this app
# importing them.
line_management_changed = Signal()
