
    
    



select plan
from main."mrr_by_plan"
where plan is null


