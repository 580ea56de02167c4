"""The calling order as a partial index, and (PostgreSQL only) the function that takes a
queue's next number of the day: see hall.fastpath.TAKE_NUMBER for why it exists."""

from django.db import migrations, models

TAKE_NUMBER = """
CREATE OR REPLACE FUNCTION hall_take_ticket_number(p_queue bigint, p_day date)
RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
    taken integer;
BEGIN
    -- Called alone in its own transaction: its commit need not wait for the disk, so the
    -- queue's counter row is locked for microseconds. The ticket that uses the number is
    -- committed later with a normal, flushed commit, which flushes this one too.
    PERFORM set_config('synchronous_commit', 'off', true);
    INSERT INTO hall_ticketcounter (queue_id, day, last) VALUES (p_queue, p_day, 1)
    ON CONFLICT (queue_id, day) DO UPDATE SET last = hall_ticketcounter.last + 1
    RETURNING last INTO taken;
    RETURN taken;
END $$;
"""


def create_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(TAKE_NUMBER)


def drop_function(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS hall_take_ticket_number(bigint, date)")


class Migration(migrations.Migration):
    dependencies = [
        ("hall", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="ticket",
            index=models.Index(
                condition=models.Q(("status", "WAITING")),
                fields=["day", "rank", "issued_at", "id"],
                name="ticket_waiting_order",
            ),
        ),
        migrations.RunPython(create_function, drop_function, elidable=False),
    ]
