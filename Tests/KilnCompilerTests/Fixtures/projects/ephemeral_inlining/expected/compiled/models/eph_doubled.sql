
select n, n * 2 as doubled
from main."base_numbers"