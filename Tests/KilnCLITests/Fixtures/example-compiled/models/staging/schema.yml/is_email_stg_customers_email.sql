

select *
from main."stg_customers"
where email is not null
  and (email not like '%_@_%._%' or email like '% %')

