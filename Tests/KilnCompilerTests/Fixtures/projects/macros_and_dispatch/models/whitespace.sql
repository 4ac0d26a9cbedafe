{# pins exact whitespace of macro output and of set/if blocks #}
{% set n = 3 %}
select '{{ loose_whitespace(n) }}' as loose,
       '{{ loose_whitespace(1) | trim }}' as trimmed,
{%- for i in range(n) %}
       {{ i }} as c{{ i }}{{ ',' if not loop.last }}
{%- endfor %}
