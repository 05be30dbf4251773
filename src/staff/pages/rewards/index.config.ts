export default definePageConfig({
  navigationBarTitleText: '积分商城',
  navigationBarBackgroundColor: '#173129',
});
