export default definePageConfig({
  navigationBarTitleText: '优惠券模板',
  navigationBarBackgroundColor: '#173129',
});
