
    
    



select customer_id
from main."stg_customers"
where customer_id is null


