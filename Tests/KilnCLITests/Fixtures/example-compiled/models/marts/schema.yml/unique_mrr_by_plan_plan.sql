
    
    

select
    plan as unique_field,
    count(*) as n_records

from main."mrr_by_plan"
where plan is not null
group by plan
having count(*) > 1


