{# is_email: the rows whose value is not null and does not look like an address (one row per
   offending row, so Kiln's quarantine can move exactly those rows). #}
{% test is_email(model, column_name) %}

select *
from {{ model }}
where {{ column_name }} is not null
  and ({{ column_name }} not like '%_@_%._%' or {{ column_name }} like '% %')

{% endtest %}
