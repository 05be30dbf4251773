export default definePageConfig({
  navigationBarTitleText: '我的顾客',
  navigationBarBackgroundColor: '#173129',
});
